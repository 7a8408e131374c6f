namespace EmoTune.Music.Library;

/// <summary>A playable local file: where it really is and how to label it over HTTP.</summary>
/// <param name="Path">Canonical full path, inside an allowed folder.</param>
/// <param name="ContentType">MIME type from the extension.</param>
public sealed record LibraryAudio(string Path, string ContentType);
