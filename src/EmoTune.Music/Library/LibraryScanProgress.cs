namespace EmoTune.Music.Library;

/// <summary>Progress of a scan: files read so far out of those that needed reading.</summary>
/// <param name="Done">Files read (indexed or failed).</param>
/// <param name="Total">Files that needed reading (new, changed or previously failed).</param>
/// <param name="Failed">Failures so far.</param>
public sealed record LibraryScanProgress(int Done, int Total, int Failed);
