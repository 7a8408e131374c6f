namespace EmoTune.Music.Library;

/// <summary>A file's tags as ffprobe reads them (container or audio-stream tags); null where a tag is absent.</summary>
/// <param name="Title">Title tag.</param>
/// <param name="Artist">Artist tag (album artist when there is no artist).</param>
/// <param name="Album">Album tag.</param>
/// <param name="Genre">Genre tag.</param>
/// <param name="Year">The year of the date tag, when it starts with four digits.</param>
public sealed record LibraryTags(string? Title, string? Artist, string? Album, string? Genre, int? Year)
{
    /// <summary>No tags at all.</summary>
    public static LibraryTags None { get; } = new(null, null, null, null, null);
}
