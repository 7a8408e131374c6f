using EmoTune.Music.Catalog;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Library;

/// <summary>
/// The indexed local library as a music source (name <c>local</c>): every successfully read file, with valence and energy
/// from <see cref="FeatureMoodMapping"/>. Untagged files get their file name as title and "Unknown artist".
/// </summary>
public sealed class LibraryMusicSource(SqliteLibraryStore store) : IMusicSource
{
    /// <summary>Artist of files without an artist tag.</summary>
    public const string UnknownArtist = "Unknown artist";

    /// <inheritdoc />
    public string Name => LibraryEntry.SourceName;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Track>> GetTracksAsync(CancellationToken ct = default)
    {
        var entries = await store.GetEntriesAsync(includeFailed: false, ct);
        return entries.Where(e => e.Features is not null).Select(ToTrack).ToList();
    }

    /// <summary>The recommender's view of an indexed file.</summary>
    public static Track ToTrack(LibraryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var features = entry.Features ?? throw new ArgumentException($"{entry.Path} has no features: {entry.Error}", nameof(entry));
        return new Track(
            entry.Id,
            entry.Tags.Artist ?? UnknownArtist,
            entry.Tags.Title ?? Path.GetFileNameWithoutExtension(entry.Path),
            entry.Tags.Year ?? 0,
            (entry.Tags.Genre ?? "unknown").ToLowerInvariant(),
            FeatureMoodMapping.Valence(features),
            FeatureMoodMapping.Energy(features),
            features.TempoBpm);
    }
}
