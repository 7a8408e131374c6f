using System.Text;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace EmoTune.E2E.Tests;

/// <summary>
/// axe-core scans of the real page (light and dark colour schemes, then with the camera on, faces listed and tracks
/// recommended): no <c>serious</c> or <c>critical</c> violation. Every violation found is printed, with its rule id and
/// targets. Plus what axe can't see: the page works from the keyboard, focus is visible, motion stops when asked.
/// axe leaves <c>video-caption</c> for review on the camera preview: it is the user's own muted live camera, with no
/// audio to caption (WCAG 1.2.2 is about prerecorded audio), so that review item is expected.
/// </summary>
public sealed class AccessibilityTests
{
    private static readonly string[] Blocking = ["serious", "critical"];

    [Fact]
    public async Task Page_BeforeAndAfterStartingTheCamera_HasNoSeriousOrCriticalAxeViolations()
    {
        await using var host = await PageHost.StartAsync();
        var page = host.Page;
        var blocking = new List<string>();

        blocking.AddRange(await ScanAsync(page, "camera off, light"));
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        blocking.AddRange(await ScanAsync(page, "camera off, dark"));
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Assertions.Expect(page.Locator("#face-list li")).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#tracks li").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        blocking.AddRange(await ScanAsync(page, "camera on, light"));
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        blocking.AddRange(await ScanAsync(page, "camera on, dark"));

        // The scan sees the page itself (no policy kept axe out): a picture without a text alternative is caught.
        await page.EvaluateAsync("() => document.querySelector('main').append(Object.assign(document.createElement('img'), { src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }))");
        var planted = await ScanAsync(page, "with a planted image without alt");

        Assert.True(blocking.Count == 0, "serious or critical accessibility violations:\n" + string.Join('\n', blocking));
        Assert.Contains(planted, v => v.Contains("image-alt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Page_FromTheKeyboard_StartsAndStopsTheCameraWithVisibleFocus()
    {
        await using var host = await PageHost.StartAsync();
        var page = host.Page;

        // The mode switch (a radio group: one tab stop) comes first, then Start.
        await page.Keyboard.PressAsync("Tab");
        var mode = await FocusAsync(page);
        await page.Keyboard.PressAsync("Tab");
        var first = await FocusAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Camera on", new() { Timeout = 30_000 });
        var afterStart = await FocusAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Camera off.");
        var afterStop = await FocusAsync(page);

        Assert.Equal("mode-device", mode.Id);
        Assert.Equal("start", first.Id);
        Assert.Equal("stop", afterStart.Id);
        Assert.Equal("start", afterStop.Id);
        Assert.All(new[] { mode, first, afterStart, afterStop }, f =>
        {
            Assert.Equal("solid", f.OutlineStyle);
            Assert.NotEqual("0px", f.OutlineWidth);
        });
    }

    [Fact]
    public async Task Page_PrefersReducedMotion_ProbabilityBarsDoNotAnimate()
    {
        await using var host = await PageHost.StartAsync();
        var page = host.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Assertions.Expect(page.Locator("#face-list .fill").First).ToBeAttachedAsync(new() { Timeout = 30_000 });

        var normal = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#face-list .fill')).transitionDuration");
        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        var reduced = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#face-list .fill')).transitionDuration");

        Assert.NotEqual("0s", normal);
        Assert.Equal("0s", reduced);
    }

    /// <summary>Runs axe, prints every violation (rule, impact, targets) and returns the serious and critical ones.</summary>
    private static async Task<IEnumerable<string>> ScanAsync(IPage page, string state)
    {
        var result = await page.RunAxe();
        var report = new StringBuilder($"axe ({state}): {result.Violations.Length} violations, {result.Passes.Length} rules passed, {result.Incomplete.Length} to review by hand\n");
        var blocking = new List<string>();
        foreach (var violation in result.Violations)
        {
            var targets = string.Join(" | ", violation.Nodes.Select(n => n.Target?.ToString()));
            var line = $"  [{violation.Impact}] {violation.Id}: {violation.Help} — {targets}";
            report.AppendLine(line);
            if (Blocking.Contains(violation.Impact, StringComparer.Ordinal))
            {
                blocking.Add($"({state}){line}");
            }
        }

        foreach (var review in result.Incomplete)
        {
            report.AppendLine($"  review [{review.Impact}] {review.Id}: {review.Help} — {string.Join(" | ", review.Nodes.Select(n => n.Target?.ToString()))}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        TestContext.Current.SendDiagnosticMessage(report.ToString());
        return blocking;
    }

    private static async Task<Focus> FocusAsync(IPage page) => await page.EvaluateAsync<Focus>(
        "() => { const e = document.activeElement, s = getComputedStyle(e); return { id: e.id, outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth }; }");

    /// <summary>What has the focus and how it is drawn (a class with setters: Playwright fills it from the script's result).</summary>
    private sealed class Focus
    {
        public string Id { get; set; } = "";

        public string OutlineStyle { get; set; } = "";

        public string OutlineWidth { get; set; } = "";
    }
}
