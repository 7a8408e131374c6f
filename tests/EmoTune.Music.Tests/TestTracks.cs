using EmoTune.Music.Catalog;

namespace EmoTune.Music.Tests;

/// <summary>Hand-made tracks with only the fields a test cares about.</summary>
internal static class TestTracks
{
    /// <summary>The embedded catalogue, loaded once.</summary>
    public static IReadOnlyList<Track> Catalogue { get; } = TrackCatalog.LoadEmbedded().Tracks;

    public static Track Create(string title, double valence = 0.5, double energy = 0.5, string artist = "Artist", string genre = "pop", double tempo = 120) =>
        new(Track.CreateId("test", artist, title), artist, title, 2000, genre, valence, energy, tempo);

    /// <summary>A grid of tracks over the whole valence–energy plane, one artist and one of four genres per track.</summary>
    public static IReadOnlyList<Track> Grid(int perAxis = 11)
    {
        string[] genres = ["rock", "jazz", "pop", "folk"];
        var tracks = new List<Track>();
        for (var v = 0; v < perAxis; v++)
        {
            for (var e = 0; e < perAxis; e++)
            {
                var n = tracks.Count;
                tracks.Add(Create($"v{v}e{e}", v / (perAxis - 1.0), e / (perAxis - 1.0), artist: $"artist{n}", genre: genres[n % genres.Length]));
            }
        }

        return tracks;
    }
}
