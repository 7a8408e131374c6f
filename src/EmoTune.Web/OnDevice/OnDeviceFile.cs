namespace EmoTune.Web.OnDevice;

/// <summary>A file the page downloads for on-device mode: where it lies, its content type, its SHA-256 (hex) and size.</summary>
public sealed record OnDeviceFile(string Name, string Path, string ContentType, string Sha256, long Length)
{
    /// <summary>The strong ETag: the content hash, quoted.</summary>
    public string ETag => $"\"{Sha256}\"";
}
