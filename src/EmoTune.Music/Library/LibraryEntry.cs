using System.Security.Cryptography;
using System.Text;

namespace EmoTune.Music.Library;

/// <summary>One audio file in the library cache: where it is, its stamp, tags and features, or why it could not be read.</summary>
/// <param name="Id">Stable track id, <c>local:</c> + 16 hex digits of the SHA-256 of the full path (see <see cref="CreateId"/>).</param>
/// <param name="Path">Full path of the file (never sent to the page).</param>
/// <param name="Root">The indexed folder the file was found under.</param>
/// <param name="Size">File size in bytes when it was read.</param>
/// <param name="ModifiedUtc">Last write time (UTC) when it was read.</param>
/// <param name="Tags">Tags read by ffprobe.</param>
/// <param name="DurationSeconds">Duration by ffprobe (0 when unknown).</param>
/// <param name="Features">Measured audio features; null when the file failed.</param>
/// <param name="Error">Why the file could not be read; null when it was indexed.</param>
public sealed record LibraryEntry(
    string Id, string Path, string Root, long Size, DateTime ModifiedUtc, LibraryTags Tags, double DurationSeconds, AudioFeatures? Features, string? Error)
{
    /// <summary>Source name and id prefix of local-library tracks.</summary>
    public const string SourceName = "local";

    /// <summary>The stable id of the file at <paramref name="fullPath"/>: the same path always gives the same id.</summary>
    public static string CreateId(string fullPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(fullPath);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(fullPath));
        return SourceName + ":" + Convert.ToHexStringLower(hash, 0, 8);
    }
}
