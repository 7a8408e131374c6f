using Microsoft.Playwright;

namespace EmoTune.E2E.Tests;

/// <summary>
/// The real page in Debian's Chromium, driven by Playwright, with a fake camera that plays a video the test writes
/// from a FER2013 test face: the page must show the face's box and emotion coming back over the WebSocket.
/// </summary>
public sealed class BrowserTests
{
    [Fact]
    public async Task Page_FakeCameraWithAFace_ShowsBoxAndEmotionFromTheServer()
    {
        await using var host = await PageHost.StartAsync();
        var page = host.Page;
        await page.GetByRole(AriaRole.Radio, new() { Name = "On the server" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();

        await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#face-list li strong").First).ToContainTextAsync("Face #", new() { Timeout = 10_000 });
        var label = await page.Locator("#face-list li strong").First.InnerTextAsync();
        Assert.Matches(@"Face #\d+: (angry|disgust|fear|happy|sad|surprise|neutral)", label);
        await Assertions.Expect(page.Locator("#fps")).Not.ToHaveTextAsync("–");

        // The stable mood settles and music follows: the screenshot (docs/screenshot.png is one) shows the whole loop.
        await Assertions.Expect(page.Locator("#mood")).Not.ToHaveTextAsync("none yet", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#tracks li").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var shot = Path.Combine(AppContext.BaseDirectory, "e2e-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
        TestContext.Current.SendDiagnosticMessage($"screenshot: {shot}; first face: {label}");
    }
}
