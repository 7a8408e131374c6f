namespace EmoTune.Music.Library;

/// <summary>What a scan of one folder did.</summary>
/// <param name="Root">The folder, canonical (symbolic links resolved).</param>
/// <param name="Found">Audio files with a supported extension found under it.</param>
/// <param name="Indexed">Files read and indexed (new or changed).</param>
/// <param name="Unchanged">Files whose size and modification time matched the cache, not read again.</param>
/// <param name="Removed">Cached files that no longer exist, removed from the cache.</param>
/// <param name="Failures">Files that could not be read, with reasons, by path.</param>
/// <param name="Elapsed">Wall time of the scan.</param>
public sealed record LibraryScanResult(string Root, int Found, int Indexed, int Unchanged, int Removed, IReadOnlyList<LibraryScanFailure> Failures, TimeSpan Elapsed)
{
    /// <summary>Files read (indexed or failed) per second of wall time; 0 when nothing was read.</summary>
    public double FilesPerSecond => Elapsed > TimeSpan.Zero && Indexed + Failures.Count > 0 ? (Indexed + Failures.Count) / Elapsed.TotalSeconds : 0;
}
