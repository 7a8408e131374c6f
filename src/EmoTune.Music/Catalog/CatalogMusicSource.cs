using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Catalog;

/// <summary>The embedded catalogue as a music source.</summary>
public sealed class CatalogMusicSource(TrackCatalog catalog) : IMusicSource
{
    /// <inheritdoc />
    public string Name => TrackCatalog.SourceName;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Track>> GetTracksAsync(CancellationToken ct = default) => ValueTask.FromResult(catalog.Tracks);
}
