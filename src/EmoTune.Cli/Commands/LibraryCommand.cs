using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EmoTune.Core;
using EmoTune.Music;
using EmoTune.Music.Library;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune library scan|list</c>: index a local music folder (tags, audio features) into the SQLite cache and show it.</summary>
internal static class LibraryCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var folder = new Argument<string>("DIR") { Description = "Folder to index recursively (mp3, flac, ogg, m4a, wav)" };
        var db = Database();
        var parallel = new Option<int>("--parallel") { Description = "Files read at once (default: one per core)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var excerpt = new Option<int>("--excerpt") { Description = "Seconds decoded from the middle of each track for its features", DefaultValueFactory = _ => 30 };
        var scan = new Command("scan", "Index a folder: tags through ffprobe, tempo/loudness/brightness/mode from decoded audio; only new or changed files are read") { folder, db, parallel, excerpt };
        scan.SetAction((parse, ct) => CommandRunner.RunAsync(
            async c =>
            {
                var n = parse.GetValue(parallel);
                if (n is < 1 or > 64)
                {
                    throw new ArgumentException($"--parallel must be within 1–64, got {n}.");
                }

                var seconds = parse.GetValue(excerpt);
                if (seconds is < 5 or > 600)
                {
                    throw new ArgumentException($"--excerpt must be within 5–600 seconds, got {seconds}.");
                }

                var store = new SqliteLibraryStore(parse.GetValue(db)!);
                var scanner = new LibraryScanner(store, new TrackAnalyzer(TimeSpan.FromSeconds(seconds)));
                LibraryScanResult result;
                using (var bar = new ConsoleProgressBar("scan"))
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    result = await scanner.ScanAsync(
                        parse.GetValue(folder)!,
                        n,
                        new SynchronousProgress<LibraryScanProgress>(p => bar.Update(
                            p.Total == 0 ? 1 : (double)p.Done / p.Total,
                            string.Create(CultureInfo.InvariantCulture, $"{p.Done}/{p.Total} files, {p.Failed} failed, {ConsoleProgressBar.Format(System.Diagnostics.Stopwatch.GetElapsedTime(started))}"))),
                        c);
                }

                WriteSummary(result, store.DatabasePath);
                return CommandRunner.Ok;
            },
            ct));

        var listDb = Database();
        var json = new Option<bool>("--json") { Description = "Print JSON (with paths and all features) instead of a table" };
        var failed = new Option<bool>("--failed") { Description = "Include files that could not be read, with the reason" };
        var list = new Command("list", "List the indexed tracks with tempo, key, valence and energy") { listDb, json, failed };
        list.SetAction((parse, ct) => CommandRunner.RunAsync(
            async c =>
            {
                var path = parse.GetValue(listDb)!;
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"{path}: no library database yet; run `emotune library scan DIR` first.", path);
                }

                var store = new SqliteLibraryStore(path);
                var entries = await store.GetEntriesAsync(parse.GetValue(failed), c);
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(entries.Select(ToJson), JsonOptions));
                    return CommandRunner.Ok;
                }

                foreach (var e in entries)
                {
                    if (e.Features is null)
                    {
                        Console.WriteLine($"{e.Id}  FAILED {e.Path}: {e.Error}");
                        continue;
                    }

                    var t = LibraryMusicSource.ToTrack(e);
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{e.Id}  {t.Artist} — {t.Title}  ({e.Features.TempoBpm:0} BPM, {e.Features.Key.Name}, {e.Features.LoudnessDbfs:0.0} dBFS; valence {t.Valence:0.00}, energy {t.Energy:0.00})"));
                }

                Console.WriteLine($"{entries.Count(e => e.Features is not null)} tracks in {store.DatabasePath}");
                return CommandRunner.Ok;
            },
            ct));
        return new Command("library", "The local music library: index folders, list what was found") { scan, list };
    }

    internal static void WriteSummary(LibraryScanResult r, string database)
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{r.Root}: {r.Found} audio files; {r.Indexed} indexed, {r.Unchanged} unchanged, {r.Removed} removed, {r.Failures.Count} failed in {r.Elapsed.TotalSeconds:0.0} s ({r.FilesPerSecond:0.0} files/s) → {database}"));
        foreach (var f in r.Failures)
        {
            Console.WriteLine($"  failed: {f.Path}: {f.Reason}");
        }
    }

    private static Option<string> Database() =>
        new("--db") { Description = "Library database (default: the music database, ~/.local/share/emotune/emotune.db)", DefaultValueFactory = _ => MusicOptions.DefaultDatabasePath };

    private static object ToJson(LibraryEntry e)
    {
        var track = e.Features is null ? null : LibraryMusicSource.ToTrack(e);
        return new
        {
            e.Id,
            e.Path,
            e.Tags.Title,
            e.Tags.Artist,
            e.Tags.Album,
            e.Tags.Genre,
            e.Tags.Year,
            e.DurationSeconds,
            TempoBpm = e.Features?.TempoBpm,
            LoudnessDbfs = e.Features?.LoudnessDbfs,
            CentroidHz = e.Features?.CentroidHz,
            Key = e.Features?.Key.Name,
            ModeConfidence = e.Features?.Key.Confidence,
            track?.Valence,
            track?.Energy,
            e.Error,
        };
    }
}
