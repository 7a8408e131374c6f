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
    private readonly string[] _settings;
    private WebApplication _app;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private PageHost(TempFolder temp, string[] settings, WebApplication app, IPlaywright playwright, IBrowser browser, IPage page)
    {
        _temp = temp;
        _settings = settings;
        _app = app;
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Another page in the same browser (same fake camera), not yet navigated.</summary>
    public Task<IPage> NewPageAsync() => _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>A folder the host deletes when disposed.</summary>
    public TempFolder Temp => _temp;

    /// <summary>The app's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; private init; } = "";

    /// <summary>The fake camera's still frame as a PNG file (the video repeats it), for asking the API about the same picture.</summary>
    public string FramePng => _temp.Combine("face.png");

    /// <summary>Starts the app with <paramref name="settings"/> added to its command line (e.g. <c>--Music:Library:Folders:0=DIR</c>).</summary>
    public static Task<PageHost> StartAsync(params string[] settings) =>
        StartWithFaceAsync(Path.Combine("happy", "PublicTest_10130075.jpg"), settings);

    /// <summary><see cref="StartAsync"/> whose first page has not opened the app yet (to route or listen before it loads).</summary>
    public static Task<PageHost> StartWithoutPageAsync(params string[] settings) =>
        StartCoreAsync(Path.Combine("happy", "PublicTest_10130075.jpg"), 200, navigate: false, settings);

    /// <summary><see cref="StartAsync"/> with the fake camera showing <paramref name="faceFile"/> (relative to FER2013's test folder) enlarged to 200 px.</summary>
    public static Task<PageHost> StartWithFaceAsync(string faceFile, params string[] settings) => StartWithFaceAsync(faceFile, 200, settings);

    /// <summary><see cref="StartAsync"/> with the fake camera showing <paramref name="faceFile"/> at <paramref name="side"/> pixels, centred.</summary>
    public static Task<PageHost> StartWithFaceAsync(string faceFile, int side, params string[] settings) => StartCoreAsync(faceFile, side, navigate: true, settings);

    private static async Task<PageHost> StartCoreAsync(string faceFile, int side, bool navigate, string[] settings)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/bootstrap.sh (Debian package chromium).");
        var temp = TempFolder.Create();
        var video = temp.Combine("face.y4m");
        WriteY4m(video, Path.Combine(SharedData.Fer2013Test, faceFile), side, temp.Combine("face.png"));
        string[] all = [$"--Music:DatabasePath={temp.Combine("e2e.db")}", $"--Vision:ModelPath={SharedData.ShippedModel}", .. settings];
        var app = EmoTuneWebApp.Create(["--urls=http://127.0.0.1:0", .. all]);
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
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        if (navigate)
        {
            await page.GotoAsync(address + "/");
        }

        return new PageHost(temp, all, app, playwright, browser, page) { Address = address };
    }

    /// <summary>Kills the server as a crash would: open connections (the frame stream) are cut, not closed.</summary>
    public async Task StopServerAsync()
    {
        using var abort = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await _app.StopAsync(abort.Token);
        await _app.DisposeAsync();
    }

    /// <summary>Starts the server again at the same address, with the same settings and database.</summary>
    public async Task StartServerAgainAsync()
    {
        _app = EmoTuneWebApp.Create([$"--urls={Address}", .. _settings]);
        await _app.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>Writes 2 s of 640×480 video (15 fps, YUV 4:2:0) of one face, enlarged to <c>side</c> px, on a grey background; and the frame as PNG.</summary>
    private static void WriteY4m(string path, string facePath, int side, string pngPath)
    {
        using var face = Cv2.ImRead(facePath, ImreadModes.Grayscale);
        Assert.False(face.Empty(), $"{facePath} is missing.");
        using var frame = new Mat(480, 640, MatType.CV_8UC1, new Scalar(120));
        using (var big = new Mat())
        using (var target = new Mat(frame, new Rect(320 - (side / 2), 220 - (side / 2), side, side)))
        {
            Cv2.Resize(face, big, new Size(side, side), 0, 0, InterpolationFlags.Cubic);
            big.CopyTo(target);
        }

        Cv2.ImWrite(pngPath, frame);
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
