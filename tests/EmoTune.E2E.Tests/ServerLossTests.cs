using Microsoft.Playwright;

namespace EmoTune.E2E.Tests;

/// <summary>
/// The server goes away mid-stream and comes back at the same address: the page says so, keeps the camera on with its
/// figures marked stale, keeps a rating made meanwhile and sends it later, reports a delete it could not make with a
/// "Try again", and reconnects and streams again by itself. Stop camera clears the live figures. No uncaught error and
/// no console error from the page throughout.
/// </summary>
public sealed class ServerLossTests
{
    // Generous: on a loaded machine (two CPUs shared with other builds) a page's timers run seconds late.
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public async Task Page_ServerRestartMidStream_ReconnectsSendsTheQueuedRatingAndDeletesOnRetry_WithoutErrors()
    {
        await using var host = await PageHost.StartWithoutPageAsync();
        var page = host.Page;
        var errors = PageErrors.Watch(page);
        await page.GotoAsync(host.Address + "/");
        await page.GetByRole(AriaRole.Radio, new() { Name = "On the server" }).CheckAsync();
        var start = page.GetByRole(AriaRole.Button, new() { Name = "Start camera" });
        var stop = page.GetByRole(AriaRole.Button, new() { Name = "Stop camera" });

        // Stop camera: nothing keeps looking live.
        await start.ClickAsync();
        await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("1", Slow);
        await Assertions.Expect(page.Locator("#tracks li").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await stop.ClickAsync();
        foreach (var figure in new[] { "#fps", "#rtt", "#faces" })
        {
            await Assertions.Expect(page.Locator(figure)).ToHaveTextAsync("–");
        }

        await Assertions.Expect(page.Locator("#face-list li")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#mood-note")).ToContainTextAsync("camera off");

        // The server dies while the camera streams: the page says so and keeps trying.
        await start.ClickAsync();
        await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("1", Slow);
        await host.StopServerAsync();
        await Assertions.Expect(page.Locator("#connection")).ToContainTextAsync("can't be reached", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Reconnecting by itself in", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("–");

        // A rating and a delete while it is away: the rating waits on the page, the delete says it failed.
        var like = page.Locator("#tracks li").First.Locator("button[data-kind=like]");
        await like.ClickAsync();
        await Assertions.Expect(like).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("#feedback-status")).ToContainTextAsync("kept on this page", new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my data…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete everything" }).ClickAsync();
        await Assertions.Expect(page.Locator("#data-status")).ToContainTextAsync("Not deleted: EmoTune can't be reached.", new() { Timeout = 30_000 });

        // Back at the same address: the stream resumes by itself and the kept rating arrives.
        await host.StartServerAgainAsync();
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("Connected to EmoTune again.", Slow);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Camera on", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("1", Slow);
        await Assertions.Expect(page.Locator("#feedback-status")).ToHaveTextAsync("", Slow);
        await Assertions.Expect(page.Locator("#history-rows tr")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        // The delete, retried: done, and the music panel (camera on, mood shown) is filled again and says why.
        await page.Locator("#data-status").GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Assertions.Expect(page.Locator("#data-status")).ToHaveTextAsync("Deleted 1 record.", Slow);
        await Assertions.Expect(page.Locator("#tracks li")).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#tracks-status")).ToContainTextAsync("start afresh", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#history-rows tr")).ToHaveCountAsync(0);
        await stop.ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Camera off.");

        Assert.True(errors.Text.Length == 0, "errors on the page:\n" + errors.Text);
    }
}
