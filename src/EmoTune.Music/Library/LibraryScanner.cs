using System.Collections.Concurrent;
using System.Diagnostics;

namespace EmoTune.Music.Library;

/// <summary>
/// Indexes a folder: finds the audio files under it (recursively, not following symbolic links), reads only those that
/// are new, changed (size or modification time) or failed last time, in parallel, and removes cached files that are
/// gone. An unreadable file is recorded with its reason and skipped; it never stops the scan.
/// </summary>
public sealed class LibraryScanner(SqliteLibraryStore store, TrackAnalyzer analyzer)
{
    /// <summary>Scans <paramref name="folder"/> with up to <paramref name="parallelism"/> files at once (0 = one per core).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">ffmpeg or ffprobe is not installed.</exception>
    public async Task<LibraryScanResult> ScanAsync(string folder, int parallelism = 0, IProgress<LibraryScanProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(parallelism);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: no such folder.");
        }

        AudioTools.EnsureAvailable();
        var started = Stopwatch.GetTimestamp();
        var root = LibraryFiles.RealPath(folder);
        var files = Directory.EnumerateFiles(root, "*", new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            MatchType = MatchType.Simple,
        }).Where(LibraryFiles.IsSupported).Order(StringComparer.Ordinal).ToList();

        // Recorded first, so files indexed by a scan that is interrupted later can already be played.
        await store.AddRootAsync(root, ct);
        var cached = await store.GetStampsAsync(root, ct);
        var present = new HashSet<string>(files, StringComparer.Ordinal);
        var removed = await store.RemoveAsync(cached.Keys.Where(p => !present.Contains(p)).ToList(), ct);
        var toRead = new List<(string Path, long Size, DateTime Modified)>();
        foreach (var path in files)
        {
            var info = new FileInfo(path);
            var modified = info.LastWriteTimeUtc;
            if (!cached.TryGetValue(path, out var stamp) || stamp.Failed || stamp.Size != info.Length || stamp.ModifiedTicks != modified.Ticks)
            {
                toRead.Add((path, info.Length, modified));
            }
        }

        var failures = new ConcurrentBag<LibraryScanFailure>();
        var done = 0;
        var indexed = 0;
        progress?.Report(new LibraryScanProgress(0, toRead.Count, 0));
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism == 0 ? Environment.ProcessorCount : parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(toRead, options, async (file, c) =>
        {
            var id = LibraryEntry.CreateId(file.Path);
            LibraryEntry entry;
            try
            {
                var (tags, duration, features) = await analyzer.AnalyseAsync(file.Path, c);
                entry = new LibraryEntry(id, file.Path, root, file.Size, file.Modified, tags, duration, features, null);
                Interlocked.Increment(ref indexed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !c.IsCancellationRequested)
            {
                var reason = Reason(ex, file.Path);
                failures.Add(new LibraryScanFailure(file.Path, reason));
                entry = new LibraryEntry(id, file.Path, root, file.Size, file.Modified, LibraryTags.None, 0, null, reason);
            }

            await store.UpsertAsync(entry, c);
            var n = Interlocked.Increment(ref done);
            progress?.Report(new LibraryScanProgress(n, toRead.Count, failures.Count));
        });

        return new LibraryScanResult(
            root,
            files.Count,
            indexed,
            files.Count - toRead.Count,
            removed,
            failures.OrderBy(f => f.Path, StringComparer.Ordinal).ToList(),
            Stopwatch.GetElapsedTime(started));
    }

    /// <summary>One line for a failure: ffmpeg's last error line when it has one.</summary>
    private static string Reason(Exception ex, string path)
    {
        var lines = ex switch
        {
            FFMpegCore.Exceptions.FFProbeProcessException probe => probe.StandardError,
            FFMpegCore.Exceptions.FFMpegProcessException ffmpeg => ffmpeg.Result.StandardError,
            _ => null,
        };
        var last = lines?.LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim();
        if (last is not null && last.StartsWith(path + ": ", StringComparison.Ordinal))
        {
            last = last[(path.Length + 2)..];
        }

        var text = last is not null ? (ex is FFMpegCore.Exceptions.FFProbeProcessException ? "ffprobe: " : "ffmpeg: ") + last : ex.Message;
        return text.ReplaceLineEndings(" ");
    }
}
