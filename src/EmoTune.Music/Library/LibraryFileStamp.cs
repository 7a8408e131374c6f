namespace EmoTune.Music.Library;

/// <summary>What the cache remembers about a file to decide whether it changed.</summary>
/// <param name="Size">Size in bytes.</param>
/// <param name="ModifiedTicks">Last write time, UTC ticks.</param>
/// <param name="Failed">Whether the last read failed (failed files are retried on every scan).</param>
public sealed record LibraryFileStamp(long Size, long ModifiedTicks, bool Failed);
