using Microsoft.Playwright;

namespace EmoTune.E2E.Tests;

/// <summary>One app (at most one frame stream per client, to reach the limit with two tabs) and one browser for the page-state tests; each test opens its own page.</summary>
public sealed class PageStatesHost : IAsyncLifetime
{
    internal PageHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await PageHost.StartWithoutPageAsync("--Web:MaxWebSocketsPerClient=1");

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// What the page says and does around the camera and the music: empty states and a favicon on a first visit, advice per
/// camera failure and a mood picked by hand, ratings of one track at a time with undo, the per-client stream limit in
/// words, "Listen on" links that load nothing until clicked, and a phone-sized layout. No console errors in any.
/// </summary>
public sealed class PageStatesTests(PageStatesHost fixture) : IClassFixture<PageStatesHost>
{
    private PageHost Host => fixture.Host;

    [Fact]
    public async Task Page_FirstVisit_SaysWhatToDoAndLoadsEverythingItAsksFor()
    {
        var page = await Host.NewPageAsync();
        var errors = PageErrors.Watch(page);
        var failed = new List<string>();
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                failed.Add($"{r.Status} {r.Url}");
            }
        };
        // The tests of this class share one app and its one local profile: a first visit starts from no data, whichever
        // test rated a track before.
        var emptied = await page.APIRequest.DeleteAsync(Host.Address + "/api/v1/me/data");
        Assert.True(emptied.Ok, $"DELETE /api/v1/me/data: {emptied.Status}");
        await page.GotoAsync(Host.Address + "/", new() { WaitUntil = WaitUntilState.NetworkIdle });

        await Assertions.Expect(page.Locator("#tracks-status")).ToContainTextAsync("Press Start camera, or choose a mood");
        await Assertions.Expect(page.Locator("#faces-status")).ToContainTextAsync("press Start camera");
        await Assertions.Expect(page.Locator("#history-status")).ToContainTextAsync("No feedback yet");
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var favicon = await page.APIRequest.GetAsync(Host.Address + "/" + icon);
        await page.CloseAsync();

        Assert.Equal(200, favicon.Status);
        Assert.Equal("image/svg+xml", favicon.Headers["content-type"].Split(';')[0]);
        Assert.Empty(failed);
        Assert.True(errors.Text.Length == 0, "errors on the page:\n" + errors.Text);
    }

    [Fact]
    public async Task Page_CameraRefusedOrMissing_AdvisesPerCause_AndAMoodPickedByHandBringsMusicWithListenLinks()
    {
        var page = await Host.NewPageAsync();
        var errors = PageErrors.Watch(page);
        var elsewhere = new List<string>();
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(Host.Address, StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(r.Url);
            }
        };
        await page.AddInitScriptAsync("navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('raw browser text', window.cameraError || 'NotAllowedError'));");
        await page.GotoAsync(Host.Address + "/");
        await page.GetByRole(AriaRole.Radio, new() { Name = "On the server" }).CheckAsync();
        var start = page.GetByRole(AriaRole.Button, new() { Name = "Start camera" });

        await start.ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Camera access was refused. Allow the camera for this site");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("choose a mood under Music");
        await Assertions.Expect(page.Locator("#status")).Not.ToContainTextAsync("raw browser text");
        await page.EvaluateAsync("() => { window.cameraError = 'NotFoundError'; }");
        await start.ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("No camera was found.");
        await Assertions.Expect(start).ToBeEnabledAsync();

        await Assertions.Expect(start).ToBeFocusedAsync();
        await page.GetByLabel("No camera? Choose a mood").SelectOptionAsync("sad");
        await Assertions.Expect(page.Locator("#mood")).ToHaveTextAsync("sad");
        await Assertions.Expect(page.Locator("#tracks li")).ToHaveCountAsync(8, new() { Timeout = 10_000 });

        // The list stays put when the person comes back to it; lift shows its plan and walks it along the list.
        var titles = page.Locator("#tracks li .title");
        var match = await titles.AllInnerTextsAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Lift my mood" }).CheckAsync();
        await Assertions.Expect(page.Locator("#plan")).ToContainTextAsync("Plan: from sad toward a brighter mood over 5 tracks");
        await Assertions.Expect(page.Locator("#plan")).ToContainTextAsync("now at track 1 of 5");
        await Assertions.Expect(page.Locator("#tracks li .reason").First).ToContainTextAsync("lifts your sad mood toward happy (track 1 of 5)", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#tracks li .reason").Nth(1)).ToContainTextAsync("(track 2 of 5)");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Match my mood" }).CheckAsync();
        await Assertions.Expect(page.Locator("#plan")).ToBeHiddenAsync();
        await Assertions.Expect(titles).ToHaveTextAsync(match.ToArray(), new() { Timeout = 10_000 });
        var first = page.Locator("#tracks li").First;
        var (title, artist) = (await first.Locator(".title").InnerTextAsync(), (await first.Locator(".artist").InnerTextAsync())[2..]);
        var links = first.Locator(".listen a");
        await Assertions.Expect(links).ToHaveCountAsync(3);
        var hrefs = await links.EvaluateAllAsync<string[]>("as => as.map(a => a.href + ' ' + a.target + ' ' + a.rel)");
        await Assertions.Expect(links.First).ToHaveAccessibleNameAsync($"Listen to {title} by {artist} on Spotify (opens a new tab)");
        await page.CloseAsync();

        var query = Uri.EscapeDataString(artist + " " + title);
        Assert.Equal($"https://open.spotify.com/search/{query} _blank noopener noreferrer", hrefs[0]);
        Assert.Equal($"https://music.youtube.com/search?q={query} _blank noopener noreferrer", hrefs[1]);
        Assert.Equal($"https://music.apple.com/search?term={query} _blank noopener noreferrer", hrefs[2]);
        Assert.Empty(elsewhere);
        Assert.True(errors.Text.Length == 0, "errors on the page:\n" + errors.Text);
    }

    [Fact]
    public async Task Page_RatingATrack_ChangesOnlyThatTrack_WithUndo_FocusKept_AndAnnounced()
    {
        var page = await Host.NewPageAsync();
        var errors = PageErrors.Watch(page);
        await page.GotoAsync(Host.Address + "/");
        await page.GetByLabel("No camera? Choose a mood").SelectOptionAsync("happy");
        var rows = page.Locator("#tracks li");
        await Assertions.Expect(rows).ToHaveCountAsync(8, new() { Timeout = 10_000 });
        var before = await page.Locator("#tracks li .title").AllInnerTextsAsync();
        var third = page.Locator("#tracks li:nth-child(3)");
        var announcer = page.Locator("#announcer");

        // Skip, then undo: the button says it, the live region says it, focus stays on the row's own buttons.
        await third.Locator("button[data-kind=skip]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(third.Locator("button[data-kind=skip]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(announcer).ToContainTextAsync("Skipped " + before[2]);
        await third.GetByRole(AriaRole.Button, new() { Name = "Undo skipped " + before[2] }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(third.Locator("button[data-kind=skip]")).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(announcer).ToContainTextAsync("Skipped undone");
        await Assertions.Expect(third.Locator("button[data-kind=skip]")).ToBeFocusedAsync();

        // Skip for good: after the undo window only that track is replaced, and focus is on the new row's Skip.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#tracks li:nth-child(3) .title")).Not.ToHaveTextAsync(before[2], new() { Timeout = 30_000 });
        var after = await page.Locator("#tracks li .title").AllInnerTextsAsync();
        await Assertions.Expect(page.Locator("#tracks li:nth-child(3) button[data-kind=skip]")).ToBeFocusedAsync();
        await Assertions.Expect(announcer).ToContainTextAsync(before[2] + " replaced by " + after[2]);

        // Like: a liked state that stays, the list unchanged.
        var like = rows.First.Locator("button[data-kind=like]");
        await like.ClickAsync();
        await Assertions.Expect(like).ToHaveTextAsync("Liked");
        await Assertions.Expect(page.Locator("#history-rows tr")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Assertions.Expect(like).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(rows.First.Locator(".undo")).ToHaveCountAsync(0);
        var last = await page.Locator("#tracks li .title").AllInnerTextsAsync();
        await page.CloseAsync();

        Assert.Equal(8, after.Count);
        Assert.Equal(before.Where((_, i) => i != 2), after.Where((_, i) => i != 2));
        Assert.DoesNotContain(after[2], before);
        Assert.Equal(after, last);
        Assert.True(errors.Text.Length == 0, "errors on the page:\n" + errors.Text);
    }

    [Fact]
    public async Task Page_OneTabTooMany_SaysThePerClientLimitAndWhatToDo()
    {
        var first = await Host.NewPageAsync();
        var second = await Host.NewPageAsync();
        var errors = PageErrors.Watch(second);
        foreach (var page in new[] { first, second })
        {
            await page.GotoAsync(Host.Address + "/");
            await page.GetByRole(AriaRole.Radio, new() { Name = "On the server" }).CheckAsync();
        }

        await first.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Assertions.Expect(first.Locator("#status")).ToContainTextAsync("Camera on", new() { Timeout = 30_000 });
        await second.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Assertions.Expect(second.Locator("#status")).ToContainTextAsync(
            "EmoTune takes at most 1 camera stream from one computer at a time, and 1 camera stream already open in other EmoTune tabs or windows. Press Stop camera in one of them",
            new() { Timeout = 30_000 });

        await first.GetByRole(AriaRole.Button, new() { Name = "Stop camera" }).ClickAsync();
        await Assertions.Expect(first.Locator("#status")).ToHaveTextAsync("Camera off.");
        await WaitForNoStreamsAsync(second);
        await second.Locator("#status").GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Assertions.Expect(second.Locator("#status")).ToContainTextAsync("Camera on", new() { Timeout = 30_000 });
        await second.GetByRole(AriaRole.Button, new() { Name = "Stop camera" }).ClickAsync();
        await first.CloseAsync();
        await second.CloseAsync();

        Assert.True(errors.Text.Length == 0, "errors on the page:\n" + errors.Text);
    }

    [Fact]
    public async Task Page_OnAPhone_NeverScrollsSideways_AndTheMusicIsWithinOneScreen()
    {
        var page = await Host.NewPageAsync();
        var errors = PageErrors.Watch(page);
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(Host.Address + "/");
        await page.GetByRole(AriaRole.Radio, new() { Name = "On the server" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Assertions.Expect(page.Locator("#face-list li")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#tracks li").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var layout = await page.EvaluateAsync<Layout>(
            "() => ({ width: document.documentElement.scrollWidth, musicTop: Math.round(document.getElementById('music-heading').getBoundingClientRect().top + scrollY), screen: innerHeight, "
            + "wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 12).map(e => e.tagName + '#' + e.id + '.' + e.className).join(' '), "
            + "parts: [...document.querySelectorAll('header, .stage > *')].map(e => (e.id || e.className || e.tagName) + ':' + Math.round(e.getBoundingClientRect().height)).join(' ') })");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop camera" }).ClickAsync();
        await page.CloseAsync();

        TestContext.Current.SendDiagnosticMessage($"at 390 px: page {layout.Width} px wide, music at {layout.MusicTop} px of a {layout.Screen} px screen");
        Assert.True(layout.Width <= 390, $"the page is {layout.Width} px wide at 390 px (music at {layout.MusicTop} px): {layout.Wide}");
        Assert.True(layout.MusicTop <= layout.Screen, $"the music starts {layout.MusicTop} px down, more than one {layout.Screen} px screen: {layout.Parts}");
        Assert.True(errors.Text.Length == 0, "errors on the page:\n" + errors.Text);
    }

    /// <summary>Waits until the server has let go of every stream of this client (it does on the next message it reads).</summary>
    private async Task WaitForNoStreamsAsync(IPage page)
    {
        for (var i = 0; i < 100; i++)
        {
            var capacity = await (await page.APIRequest.GetAsync(Host.Address + "/api/v1/streams")).JsonAsync();
            if (capacity!.Value.GetProperty("open").GetInt32() == 0)
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail("the server kept the stream of the stopped tab open");
    }

    /// <summary>The page's width, where the music starts and the screen height (a class with setters: Playwright fills it).</summary>
    private sealed class Layout
    {
        public int Width { get; set; }

        public int MusicTop { get; set; }

        public int Screen { get; set; }

        public string Wide { get; set; } = "";

        public string Parts { get; set; } = "";
    }
}
