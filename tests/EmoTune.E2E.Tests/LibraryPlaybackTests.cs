using EmoTune.Music.Library;
using EmoTune.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EmoTune.E2E.Tests;

/// <summary>
/// The user's own music files on the page: after a library scan of tones the test writes with ffmpeg, choosing "My
/// music files" lists only them, each with an audio player, and the browser plays one through HTTP range requests.
/// </summary>
public sealed class LibraryPlaybackTests
{
    private static readonly TimeSpan StaleDelay = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Page_MyMusicFiles_ListsOnlyLibraryTracksAndPlaysOneWithRangeRequests()
    {
        await using var host = await PageHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(host.Temp.Combine("music")).FullName;
        for (var i = 0; i < 3; i++)
        {
            await AudioFiles.GenerateAsync(
                Path.Combine(folder, $"tone{i}.flac"), AudioFiles.Sine(220 * (i + 1)), 8, "-metadata", $"title=E2E Tone {i}", "-metadata", $"artist=Tester {i}");
        }

        var scan = await host.Services.GetRequiredService<LibraryScanner>().ScanAsync(folder, ct: ct);
        Assert.Equal(3, scan.Indexed);

        var page = host.Page;
        var ranges = new List<(int Status, string? Range)>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/api/v1/library/tracks/", StringComparison.Ordinal))
            {
                lock (ranges)
                {
                    ranges.Add((response.Status, response.Request.Headers.GetValueOrDefault("range")));
                }
            }
        };

        // Answers for the other source come late, as on a busy server: they must not replace the list chosen after them.
        await page.RouteAsync("**/api/v1/recommendations?**", async route =>
        {
            if (!route.Request.Url.Contains("source=library", StringComparison.Ordinal))
            {
                await Task.Delay(StaleDelay, ct);
            }

            await route.ContinueAsync();
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Assertions.Expect(page.Locator("#mood")).Not.ToHaveTextAsync("none yet", new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Radio, new() { Name = "My music files" }).CheckAsync();

        var titles = page.Locator("#tracks li .title");
        await Assertions.Expect(titles).ToHaveCountAsync(3, new() { Timeout = 10_000 });
        await Task.Delay(StaleDelay + TimeSpan.FromSeconds(1), ct);
        Assert.Equal(3, await titles.CountAsync());
        foreach (var title in await titles.AllInnerTextsAsync())
        {
            Assert.StartsWith("E2E Tone ", title, StringComparison.Ordinal);
        }

        var audio = page.Locator("#tracks li audio").First;
        await Assertions.Expect(audio).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Play E2E Tone \\d by Tester \\d$"));
        await audio.EvaluateAsync("a => a.play()");
        await page.WaitForFunctionAsync("() => { const a = document.querySelector('#tracks li audio'); return a.currentTime > 0.5 && !a.error; }", null, new() { Timeout = 15_000 });

        lock (ranges)
        {
            Assert.Contains(ranges, r => r.Status == 206 && r.Range is not null && r.Range.StartsWith("bytes=", StringComparison.Ordinal));
            Assert.DoesNotContain(ranges, r => r.Status >= 400);
        }

        // Back to everything: the catalogue's tracks return.
        await page.GetByRole(AriaRole.Radio, new() { Name = "Everything" }).CheckAsync();
        await Assertions.Expect(page.Locator("#tracks li")).Not.ToHaveCountAsync(3, new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task Page_MyMusicFilesWithNothingIndexed_SaysHowToScan()
    {
        await using var host = await PageHost.StartAsync();
        var page = host.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Assertions.Expect(page.Locator("#mood")).Not.ToHaveTextAsync("none yet", new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Radio, new() { Name = "My music files" }).CheckAsync();

        await Assertions.Expect(page.Locator("#tracks-status")).ToContainTextAsync("emotune library scan", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#tracks li")).ToHaveCountAsync(0);
    }
}
