using EmoTune.Music.Catalog;

namespace EmoTune.Music.Recommendation;

/// <summary>Somewhere tracks come from: the embedded catalogue now; a local library and Spotify later.</summary>
public interface IMusicSource
{
    /// <summary>Short source name, the prefix of its track ids (<c>catalog</c>).</summary>
    string Name { get; }

    /// <summary>Every track the source can offer, with valence, energy and tempo.</summary>
    ValueTask<IReadOnlyList<Track>> GetTracksAsync(CancellationToken ct = default);
}
