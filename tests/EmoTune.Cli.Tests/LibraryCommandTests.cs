using System.Text.Json;
using EmoTune.Testing;

namespace EmoTune.Cli.Tests;

public sealed class LibraryCommandTests
{
    [Fact]
    public async Task Scan_MissingFolder_ExitsTwoNamingIt()
    {
        using var temp = TempFolder.Create();

        var result = await EmoTuneProcess.RunAsync("library", "scan", temp.Combine("nope"), "--db", temp.Combine("lib.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"emotune: error: {temp.Combine("nope")}: no such folder.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_GoodAndCorruptFiles_SummarisesAndSkips_ThenListShowsTheGoodOne()
    {
        using var temp = TempFolder.Create();
        var music = Directory.CreateDirectory(temp.Combine("music")).FullName;
        await AudioFiles.GenerateAsync(Path.Combine(music, "tone.flac"), AudioFiles.Sine(440), 3, "-c:a", "flac", "-metadata", "title=Cli Tone", "-metadata", "artist=Cli Tests");
        await File.WriteAllBytesAsync(Path.Combine(music, "broken.ogg"), new byte[4096], TestContext.Current.CancellationToken);
        var db = temp.Combine("lib.db");

        var scan = await EmoTuneProcess.RunAsync("library", "scan", music, "--db", db, "--parallel", "2");
        var rescan = await EmoTuneProcess.RunAsync("library", "scan", music, "--db", db);
        var list = await EmoTuneProcess.RunAsync("library", "list", "--db", db, "--json");

        Assert.Equal(0, scan.ExitCode);
        Assert.Contains("2 audio files; 1 indexed, 0 unchanged, 0 removed, 1 failed", scan.Stdout, StringComparison.Ordinal);
        Assert.Contains($"failed: {Path.Combine(music, "broken.ogg")}: ", scan.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 indexed, 1 unchanged", rescan.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        var track = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
        Assert.Equal("Cli Tone", track.GetProperty("title").GetString());
        Assert.Equal("Cli Tests", track.GetProperty("artist").GetString());
    }

    [Fact]
    public async Task Scan_BadParallelism_IsRejected()
    {
        using var temp = TempFolder.Create();

        var result = await EmoTuneProcess.RunAsync("library", "scan", temp.Path, "--db", temp.Combine("lib.db"), "--parallel", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--parallel must be within 1–64", result.Stderr, StringComparison.Ordinal);
    }
}
