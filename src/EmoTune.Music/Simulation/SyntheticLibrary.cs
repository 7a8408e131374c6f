using System.Globalization;
using EmoTune.Music.Catalog;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Simulation;

/// <summary>
/// A seeded synthetic music library of any size, for measuring the recommender on libraries larger than the embedded
/// catalogue: artists with a few tracks each, one genre per artist, valence, energy and tempo spread over their ranges.
/// </summary>
public sealed class SyntheticLibrary : IMusicSource
{
    /// <summary>The source name, the prefix of the synthetic ids.</summary>
    public const string SourceName = "synthetic";

    private static readonly string[] Genres =
    [
        "rock", "pop", "electronic", "hip-hop", "classical", "soul", "folk", "jazz", "metal", "indie",
        "latin", "country", "reggae", "r&b", "punk", "disco", "funk", "blues", "ambient", "soundtrack",
    ];

    private readonly IReadOnlyList<Track> _tracks;

    /// <summary>
    /// <paramref name="trackCount"/> tracks by <c>trackCount / tracksPerArtist</c> artists (rounded up), the same for
    /// the same <paramref name="seed"/>.
    /// </summary>
    public SyntheticLibrary(int trackCount, int seed, int tracksPerArtist = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trackCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tracksPerArtist);
        var random = new Random(seed);
        var tracks = new List<Track>(trackCount);
        string artist = "", genre = "";
        for (var i = 0; i < trackCount; i++)
        {
            if (i % tracksPerArtist == 0)
            {
                artist = string.Create(CultureInfo.InvariantCulture, $"Artist {i / tracksPerArtist}");
                genre = Genres[random.Next(Genres.Length)];
            }

            var title = string.Create(CultureInfo.InvariantCulture, $"Track {i}");
            tracks.Add(new Track(
                Track.CreateId(SourceName, artist, title),
                artist,
                title,
                1950 + random.Next(76),
                genre,
                Math.Round(random.NextDouble(), 3),
                Math.Round(random.NextDouble(), 3),
                Math.Round(60 + (random.NextDouble() * 120))));
        }

        _tracks = tracks;
    }

    /// <inheritdoc />
    public string Name => SourceName;

    /// <summary>Every track, in creation order.</summary>
    public IReadOnlyList<Track> Tracks => _tracks;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Track>> GetTracksAsync(CancellationToken ct = default) => ValueTask.FromResult(_tracks);
}
