namespace EmoTune.Music.Library;

/// <summary>A file the scan could not read, and why.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="Reason">One line: ffprobe's or ffmpeg's last error line, or what else went wrong.</param>
public sealed record LibraryScanFailure(string Path, string Reason);
