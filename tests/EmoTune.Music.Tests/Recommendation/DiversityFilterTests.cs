using EmoTune.Music.Catalog;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Tests.Recommendation;

public sealed class DiversityFilterTests
{
    private static IReadOnlyList<Track> Select(IEnumerable<Track> ranked, int maxPerArtist = 2, int count = 10, params string[] recent) =>
        DiversityFilter.Select(ranked, t => t, recent.ToHashSet(StringComparer.Ordinal), maxPerArtist, count);

    [Fact]
    public void Select_RecentlyPlayed_NeverComesBack()
    {
        var tracks = Enumerable.Range(0, 5).Select(i => TestTracks.Create($"t{i}", artist: $"a{i}")).ToList();

        var kept = Select(tracks, recent: [tracks[0].Id, tracks[2].Id]);

        Assert.Equal(["t1", "t3", "t4"], kept.Select(t => t.Title));
    }

    [Fact]
    public void Select_AtMostNPerArtist_IgnoringCase_KeepsRankOrder()
    {
        Track[] ranked =
        [
            TestTracks.Create("a1", artist: "Queen"),
            TestTracks.Create("a2", artist: "QUEEN"),
            TestTracks.Create("b1", artist: "Blur"),
            TestTracks.Create("a3", artist: "queen"),
            TestTracks.Create("b2", artist: "Blur"),
        ];

        var kept = Select(ranked, maxPerArtist: 2);

        Assert.Equal(["a1", "a2", "b1", "b2"], kept.Select(t => t.Title));
    }

    [Fact]
    public void Select_OnePerArtist_AndCount_StopsEarly()
    {
        var ranked = new[] { "x", "x", "y", "z", "w" }.Select((artist, i) => TestTracks.Create($"t{i}", artist: artist)).ToList();

        var kept = Select(ranked, maxPerArtist: 1, count: 2);

        Assert.Equal(["t0", "t2"], kept.Select(t => t.Title));
    }

    [Fact]
    public void Select_SameTrackTwiceInInput_KeptOnce()
    {
        var track = TestTracks.Create("t");

        var kept = Select([track, track], maxPerArtist: 5);

        Assert.Single(kept);
    }
}
