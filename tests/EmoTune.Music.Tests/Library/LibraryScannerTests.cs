using EmoTune.Music.Library;
using EmoTune.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EmoTune.Music.Tests.Library;

/// <summary>Scans of folders of audio generated with ffmpeg (fails with a clear message when ffmpeg is missing).</summary>
public sealed class LibraryScannerTests : IDisposable
{
    private static readonly double[] CMajorHz = [261.63, 329.63, 392.00], FMajorHz = [349.23, 440.00, 523.25], GMajorHz = [392.00, 493.88, 587.33];
    private static readonly double[] AMinorHz = [220.00, 261.63, 329.63], DMinorHz = [293.66, 349.23, 440.00], EMajorHz = [329.63, 415.30, 493.88];
    private readonly TempFolder _temp = TempFolder.Create();

    private string Music => Directory.CreateDirectory(_temp.Combine("music")).FullName;

    private SqliteLibraryStore CreateStore() => new(_temp.Combine("emotune.db"));

    private LibraryScanner CreateScanner(SqliteLibraryStore? store = null) => new(store ?? CreateStore(), new TrackAnalyzer(TimeSpan.FromSeconds(20)));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Scan_TaggedMp3_ReadsTagsDurationAndFeatures()
    {
        var file = Path.Combine(Music, "song.mp3");
        await AudioFiles.GenerateAsync(file, AudioFiles.Sine(440), 5, "-c:a", "libmp3lame", "-metadata", "title=Night Drive", "-metadata", "artist=The Testers", "-metadata", "album=Fixtures", "-metadata", "genre=Synthwave", "-metadata", "date=2021-05-01");
        var store = CreateStore();

        var result = await CreateScanner(store).ScanAsync(Music);

        Assert.Equal(1, result.Indexed);
        Assert.Empty(result.Failures);
        var entry = Assert.Single(await store.GetEntriesAsync());
        Assert.Equal(new LibraryTags("Night Drive", "The Testers", "Fixtures", "Synthwave", 2021), entry.Tags);
        Assert.InRange(entry.DurationSeconds, 4.9, 5.2);
        Assert.Equal(LibraryEntry.CreateId(file), entry.Id);
        Assert.InRange(entry.Features!.CentroidHz, 400, 480);
        var track = LibraryMusicSource.ToTrack(entry);
        Assert.Equal(("The Testers", "Night Drive", "synthwave", 2021), (track.Artist, track.Title, track.Genre, track.Year));
    }

    [Theory]
    [InlineData(120, "ogg", "libvorbis")]
    [InlineData(90, "flac", "flac")]
    public async Task Scan_ClickTrack_TempoWithinThreeBpm(double bpm, string extension, string codec)
    {
        await AudioFiles.GenerateAsync(Path.Combine(Music, "clicks." + extension), AudioFiles.ClickTrack(bpm), 20, "-c:a", codec);
        var store = CreateStore();

        await CreateScanner(store).ScanAsync(Music);

        var entry = Assert.Single(await store.GetEntriesAsync());
        Assert.InRange(entry.Features!.TempoBpm, bpm - 3, bpm + 3);
    }

    [Fact]
    public async Task Scan_MajorAndMinorProgressions_AreToldApart_AndMajorIsHappier()
    {
        await AudioFiles.GenerateAsync(Path.Combine(Music, "major.wav"), AudioFiles.Progression(1, CMajorHz, FMajorHz, GMajorHz, CMajorHz), 16);
        await AudioFiles.GenerateAsync(Path.Combine(Music, "minor.m4a"), AudioFiles.Progression(1, AMinorHz, DMinorHz, EMajorHz, AMinorHz), 16, "-c:a", "aac");
        var store = CreateStore();

        await CreateScanner(store).ScanAsync(Music);

        var entries = (await store.GetEntriesAsync()).ToDictionary(e => Path.GetFileName(e.Path));
        Assert.Equal("C major", entries["major.wav"].Features!.Key.Name);
        Assert.Equal("A minor", entries["minor.m4a"].Features!.Key.Name);
        Assert.True(
            LibraryMusicSource.ToTrack(entries["major.wav"]).Valence > LibraryMusicSource.ToTrack(entries["minor.m4a"]).Valence,
            "the major progression should map to higher valence than the minor one");
    }

    [Fact]
    public async Task Scan_LouderFile_HasHigherEnergy()
    {
        await AudioFiles.GenerateAsync(Path.Combine(Music, "quiet.wav"), AudioFiles.Sine(440, 0.05), 5);
        await AudioFiles.GenerateAsync(Path.Combine(Music, "loud.wav"), AudioFiles.Sine(440, 0.8), 5);
        var store = CreateStore();

        await CreateScanner(store).ScanAsync(Music);

        var tracks = (await new LibraryMusicSource(store).GetTracksAsync()).ToDictionary(t => t.Title);
        Assert.True(tracks["loud"].Energy > tracks["quiet"].Energy + 0.2, $"loud {tracks["loud"].Energy}, quiet {tracks["quiet"].Energy}");
    }

    [Fact]
    public async Task Scan_CorruptFile_IsReportedAndSkipped_OthersIndex()
    {
        await AudioFiles.GenerateAsync(Path.Combine(Music, "good.wav"), AudioFiles.Sine(440), 3);
        var bytes = new byte[20_000];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(Path.Combine(Music, "broken.mp3"), bytes);
        await File.WriteAllTextAsync(Path.Combine(Music, "notes.txt"), "not audio");
        var store = CreateStore();

        var result = await CreateScanner(store).ScanAsync(Music, parallelism: 2);

        Assert.Equal(2, result.Found);
        Assert.Equal(1, result.Indexed);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(Path.Combine(LibraryFiles.RealPath(Music), "broken.mp3"), failure.Path);
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        Assert.Equal("good", Assert.Single(await new LibraryMusicSource(store).GetTracksAsync()).Title);
        Assert.Contains(await store.GetEntriesAsync(includeFailed: true), e => e.Error == failure.Reason);
    }

    [Fact]
    public async Task Rescan_ReadsOnlyTouchedFiles_AndRemovesDeletedOnes()
    {
        foreach (var name in new[] { "a.wav", "b.wav", "c.wav" })
        {
            await AudioFiles.GenerateAsync(Path.Combine(Music, name), AudioFiles.Sine(330), 2);
        }

        var store = CreateStore();
        var first = await CreateScanner(store).ScanAsync(Music);
        File.SetLastWriteTimeUtc(Path.Combine(Music, "b.wav"), DateTime.UtcNow.AddMinutes(1));
        File.Delete(Path.Combine(Music, "c.wav"));

        var second = await CreateScanner(store).ScanAsync(Music);
        var third = await CreateScanner(store).ScanAsync(Music);

        Assert.Equal((3, 0, 0), (first.Indexed, first.Unchanged, first.Removed));
        Assert.Equal((1, 1, 1), (second.Indexed, second.Unchanged, second.Removed));
        Assert.Equal((0, 2, 0), (third.Indexed, third.Unchanged, third.Removed));
        Assert.Equal(2, (await store.GetEntriesAsync()).Count);
        Assert.Equal([LibraryFiles.RealPath(Music)], await store.GetRootsAsync());
    }

    [Fact]
    public async Task Scan_MissingFolder_ThrowsNamingIt()
    {
        var missing = _temp.Combine("nope");

        var ex = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => CreateScanner().ScanAsync(missing));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_PlaysIndexedFilesOnly_NeverOutsideAllowedFolders()
    {
        await AudioFiles.GenerateAsync(Path.Combine(Music, "in.wav"), AudioFiles.Sine(440), 2);
        var store = CreateStore();
        await CreateScanner(store).ScanAsync(Music);
        var id = Assert.Single(await store.GetEntriesAsync()).Id;
        var locator = new LibraryAudioLocator(store, Options.Create(new LibraryOptions()));

        var found = await locator.FindAsync(id);

        Assert.Equal(Path.Combine(LibraryFiles.RealPath(Music), "in.wav"), found?.Path);
        Assert.Equal("audio/wav", found?.ContentType);
        Assert.Null(await locator.FindAsync("local:0000000000000000"));
        Assert.Null(await locator.FindAsync("catalog:queen/bohemian-rhapsody"));
        Assert.Null(await locator.FindAsync("../../etc/passwd"));

        // A row pointing outside every allowed folder (a tampered cache, or a folder no longer configured) is refused.
        var outside = _temp.Combine("outside.wav");
        File.Copy(Path.Combine(Music, "in.wav"), outside);
        var entry = Assert.Single(await store.GetEntriesAsync());
        await store.UpsertAsync(entry with { Id = "local:aaaaaaaaaaaaaaaa", Path = outside });
        Assert.Null(await locator.FindAsync("local:aaaaaaaaaaaaaaaa"));

        // So is a symbolic link inside the folder that points out of it.
        var link = Path.Combine(Music, "link.wav");
        File.CreateSymbolicLink(link, outside);
        await store.UpsertAsync(entry with { Id = "local:bbbbbbbbbbbbbbbb", Path = link });
        Assert.Null(await locator.FindAsync("local:bbbbbbbbbbbbbbbb"));
    }
}
