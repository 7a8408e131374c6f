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
/// The real app on a free loopback port with the shipped model, and Debian's Chromium (driven by Playwright, never a
/// downloaded browser) whose fake camera plays a video the host writes from a FER2013 test face; one page open on the app.
/// </summary>
internal sealed class PageHost : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly TempFolder _temp;
    private readonly WebApplication _app;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private PageHost(TempFolder temp, WebApplication app, IPlaywright playwright, IBrowser browser, IPage page, string address)
    {
        _temp = temp;
        _app = app;
        _playwright = playwright;
        _browser = browser;
        Page = page;
        Address = address;
    }

    public IPage Page { get; }

    /// <summary>The app's address (http://127.0.0.1:PORT).</summary>
    public string Address { get; }

    /// <summary>Another page in the same browser (same fake camera), not yet navigated.</summary>
    public Task<IPage> NewPageAsync() => _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>A folder the host deletes when disposed.</summary>
    public TempFolder Temp => _temp;

    /// <summary>Starts the app with <paramref name="settings"/> added to its command line (e.g. <c>--Music:Library:Folders:0=DIR</c>).</summary>
    public static Task<PageHost> StartAsync(params string[] settings) => StartAsync([], true, settings);

    /// <summary>
    /// Starts the app with <paramref name="settings"/> and Chromium with <paramref name="browserArgs"/> added to its
    /// command line (e.g. <c>--js-flags=--noexpose_wasm</c>); the first page opens the app when <paramref name="navigate"/>.
    /// </summary>
    public static async Task<PageHost> StartAsync(IReadOnlyList<string> browserArgs, bool navigate, params string[] settings)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/bootstrap.sh (Debian package chromium).");
        var temp = TempFolder.Create();
        var video = temp.Combine("face.y4m");
        WriteY4m(video, Path.Combine(SharedData.Fer2013Test, "happy", "PublicTest_10130075.jpg"));
        var app = EmoTuneWebApp.Create(["--urls=http://127.0.0.1:0", $"--Music:DatabasePath={temp.Combine("e2e.db")}", $"--Vision:ModelPath={SharedData.ShippedModel}", .. settings]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", $"--use-file-for-fake-video-capture={video}",
                "--autoplay-policy=no-user-gesture-required", .. browserArgs,
            ],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        if (navigate)
        {
            await page.GotoAsync(address + "/");
        }

        return new PageHost(temp, app, playwright, browser, page, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
        _temp.Dispose();
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
