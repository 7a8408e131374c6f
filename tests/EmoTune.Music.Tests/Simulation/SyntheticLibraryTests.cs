using EmoTune.Music.Simulation;

namespace EmoTune.Music.Tests.Simulation;

public sealed class SyntheticLibraryTests
{
    [Fact]
    public void SameSeed_SameTracks_OtherSeed_Differs()
    {
        var first = new SyntheticLibrary(1000, 5).Tracks;
        var second = new SyntheticLibrary(1000, 5).Tracks;
        var other = new SyntheticLibrary(1000, 6).Tracks;

        Assert.Equal(first, second);
        Assert.NotEqual(first.Select(t => t.Valence), other.Select(t => t.Valence));
    }

    [Fact]
    public void TenThousandTracks_UniqueIds_FivePerArtist_ValuesInRange()
    {
        var tracks = new SyntheticLibrary(10_000, 1).Tracks;

        Assert.Equal(10_000, tracks.Count);
        Assert.Equal(10_000, tracks.Select(t => t.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(2_000, tracks.Select(t => t.Artist).Distinct(StringComparer.Ordinal).Count());
        Assert.All(tracks, t =>
        {
            Assert.StartsWith("synthetic:", t.Id, StringComparison.Ordinal);
            Assert.InRange(t.Valence, 0, 1);
            Assert.InRange(t.Energy, 0, 1);
            Assert.InRange(t.Tempo, 60, 180);
        });
        Assert.True(tracks.Select(t => t.Genre).Distinct(StringComparer.Ordinal).Count() >= 15);
    }
}
