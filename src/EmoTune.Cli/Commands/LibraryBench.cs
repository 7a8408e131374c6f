using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EmoTune.Music.Library;

namespace EmoTune.Cli.Commands;

/// <summary>
/// <c>emotune bench library</c>: scanning speed in files per second on generated audio. Writes N tracks with ffmpeg
/// (tones, chords and click tracks at varied tempi, cycling through wav, flac, ogg, mp3 and m4a) into a temporary folder,
/// scans them into a temporary database (first scan: every file read), scans again (nothing changed), and deletes both.
/// </summary>
internal static class LibraryBench
{
    private static readonly (string Extension, string[] Codec)[] Formats =
    [
        ("wav", []), ("flac", ["-c:a", "flac"]), ("ogg", ["-c:a", "libvorbis"]), ("mp3", ["-c:a", "libmp3lame"]), ("m4a", ["-c:a", "aac"]),
    ];

    public static Command Create()
    {
        var files = new Option<int>("--files") { Description = "How many tracks to generate", DefaultValueFactory = _ => 40 };
        var seconds = new Option<int>("--seconds") { Description = "Length of each generated track", DefaultValueFactory = _ => 60 };
        var parallel = new Option<int>("--parallel") { Description = "Files read at once (default: one per core)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("library", "Scanning speed (files/s) of the music library on generated audio in varied formats") { files, seconds, parallel };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(c => RunAsync(parse.GetValue(files), parse.GetValue(seconds), parse.GetValue(parallel), c), ct));
        return command;
    }

    private static async Task<int> RunAsync(int count, int seconds, int parallel, CancellationToken ct)
    {
        if (count is < 1 or > 10_000 || seconds is < 1 or > 3600 || parallel is < 1 or > 64)
        {
            throw new ArgumentException("--files must be within 1–10000, --seconds within 1–3600 and --parallel within 1–64.");
        }

        AudioTools.EnsureAvailable();
        var folder = Directory.CreateTempSubdirectory("emotune-bench-library-");
        try
        {
            var music = folder.CreateSubdirectory("music").FullName;
            var generated = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var (extension, codec) = Formats[i % Formats.Length];
                await GenerateAsync(Path.Combine(music, string.Create(CultureInfo.InvariantCulture, $"track{i:000}.{extension}")), Source(i), seconds, codec, i, ct);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {count} files of {seconds} s (wav/flac/ogg/mp3/m4a) in {Stopwatch.GetElapsedTime(generated).TotalSeconds:0.0} s"));
            var store = new SqliteLibraryStore(Path.Combine(folder.FullName, "library.db"));
            var scanner = new LibraryScanner(store, new TrackAnalyzer());
            var first = await scanner.ScanAsync(music, parallel, null, ct);
            var second = await scanner.ScanAsync(music, parallel, null, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, --parallel {parallel}, excerpt 30 s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first scan:  {first.Indexed} indexed, {first.Failures.Count} failed in {first.Elapsed.TotalSeconds:0.00} s = {first.FilesPerSecond:0.0} files/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rescan:      {second.Unchanged} unchanged in {second.Elapsed.TotalSeconds:0.000} s = {second.Found / Math.Max(1e-9, second.Elapsed.TotalSeconds):0} files/s checked"));
            return first.Failures.Count == 0 ? CommandRunner.Ok : CommandRunner.UserError;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A tone, a click track or a chord loop, with tempo and pitch varying by index.</summary>
    private static string Source(int i)
    {
        var bpm = 70 + (i * 7 % 100);
        var hz = 220 * Math.Pow(2, (i % 12) / 12.0);
        return (i % 3) switch
        {
            0 => string.Create(CultureInfo.InvariantCulture, $"aevalsrc=0.4*sin(2*PI*{hz:0.00}*t)+0.2*sin(2*PI*{hz * 1.5:0.00}*t):s=44100:c=stereo"),
            1 => string.Create(CultureInfo.InvariantCulture, $"aevalsrc=if(lt(mod(t\\,{60.0 / bpm:0.0000})\\,0.02)\\,0.8*sin(2*PI*1000*t)\\,0)+0.1*sin(2*PI*{hz:0.00}*t):s=44100:c=stereo"),
            _ => string.Create(CultureInfo.InvariantCulture, $"aevalsrc=0.3*sin(2*PI*{hz:0.00}*t)*(0.5+0.5*sin(2*PI*{bpm / 60.0:0.000}*t))+0.2*sin(2*PI*{hz * 1.26:0.00}*t):s=44100:c=stereo"),
        };
    }

    private static async Task GenerateAsync(string output, string source, int seconds, string[] codec, int index, CancellationToken ct)
    {
        var start = new ProcessStartInfo(AudioTools.Find("ffmpeg")!) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source, "-t", seconds.ToString(CultureInfo.InvariantCulture), .. codec,
            "-metadata", string.Create(CultureInfo.InvariantCulture, $"title=Bench {index}"), "-metadata", "artist=EmoTune bench", output])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new IOException("ffmpeg did not start.");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        _ = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new IOException($"ffmpeg could not write {output}: {await stderr}");
        }
    }
}
