using EmoTune.Testing;
using EmoTune.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenCvSharp;

namespace EmoTune.E2E.Tests;

/// <summary>
/// The real page in Debian's Chromium, driven by Playwright, with a fake camera that plays a video the test writes
/// from a FER2013 test face: the page must show the face's box and emotion coming back over the WebSocket.
/// </summary>
public sealed class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Page_FakeCameraWithAFace_ShowsBoxAndEmotionFromTheServer()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/bootstrap.sh (Debian package chromium).");
        using var temp = TempFolder.Create();
        var video = temp.Combine("face.y4m");
        WriteY4m(video, Path.Combine(SharedData.Fer2013Test, "happy", "PublicTest_10130075.jpg"));
        await using var app = EmoTuneWebApp.Create(["--urls=http://127.0.0.1:0", $"--Music:DatabasePath={temp.Combine("e2e.db")}", $"--Vision:ModelPath={SharedData.ShippedModel}"]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", $"--use-file-for-fake-video-capture={video}",
            ],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(address + "/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();

        await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#face-list li strong").First).ToContainTextAsync("Face #", new() { Timeout = 10_000 });
        var label = await page.Locator("#face-list li strong").First.InnerTextAsync();
        Assert.Matches(@"Face #\d+: (angry|disgust|fear|happy|sad|surprise|neutral)", label);
        await Assertions.Expect(page.Locator("#fps")).Not.ToHaveTextAsync("–");
        var shot = Path.Combine(AppContext.BaseDirectory, "e2e-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
        TestContext.Current.SendDiagnosticMessage($"screenshot: {shot}; first face: {label}");
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Writes 2 s of 640×480 video (15 fps, YUV 4:2:0) of one face, enlarged to 200 px, on a grey background.</summary>
    private static void WriteY4m(string path, string facePath)
    {
        using var face = Cv2.ImRead(facePath, ImreadModes.Grayscale);
        Assert.False(face.Empty(), $"{facePath} is missing.");
        using var frame = new Mat(480, 640, MatType.CV_8UC1, new Scalar(120));
        using (var big = new Mat())
        using (var target = new Mat(frame, new Rect(220, 120, 200, 200)))
        {
            Cv2.Resize(face, big, new Size(200, 200), 0, 0, InterpolationFlags.Cubic);
            big.CopyTo(target);
        }

        var luma = new byte[640 * 480];
        frame.GetArray(out byte[] pixels);
        pixels.CopyTo(luma, 0);
        var chroma = Enumerable.Repeat((byte)128, 320 * 240).ToArray();
        using var file = File.Create(path);
        file.Write("YUV4MPEG2 W640 H480 F15:1 Ip A1:1 C420jpeg\n"u8);
        for (var i = 0; i < 30; i++)
        {
            file.Write("FRAME\n"u8);
            file.Write(luma);
            file.Write(chroma);
            file.Write(chroma);
        }
    }
}
