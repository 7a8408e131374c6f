using EmoTune.Core.Emotions;
using EmoTune.Core.Moods;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Tests.Recommendation;

public sealed class TrackFitTests
{
    private static MusicTarget CreateTarget(double valence = 0.5, double arousal = 0.5, double spread = 0.1) =>
        new(new MoodRegion(Emotion.Neutral, "calm", new MoodPoint(valence, arousal), spread, spread), MoodStrategy.Match, 0, new MoodPoint(valence, arousal), spread, spread);

    [Theory]
    [InlineData(60, 0.0)]
    [InlineData(30, 0.0)]
    [InlineData(120, 0.5)]
    [InlineData(180, 1.0)]
    [InlineData(250, 1.0)]
    public void TempoArousal_IsLinearBetween60And180Bpm(double bpm, double expected)
    {
        Assert.Equal(expected, TrackFit.TempoArousal(bpm), 12);
    }

    [Fact]
    public void Distance_InUnitsOfSpread()
    {
        var track = TestTracks.Create("t", valence: 0.8, energy: 0.9);

        Assert.Equal(5.0, TrackFit.Distance(track, CreateTarget(spread: 0.1), tempoWeight: 0), 9);
        Assert.Equal(0.0, TrackFit.Distance(track, CreateTarget(0.8, 0.9), tempoWeight: 0), 9);
    }

    [Fact]
    public void Distance_TempoWeightBlendsTempoIntoArousal()
    {
        // Energy 0.5 and tempo 180 BPM (tempo arousal 1): with weight 0.5 the arousal is 0.75.
        var track = TestTracks.Create("t", valence: 0.5, energy: 0.5, tempo: 180);

        Assert.Equal(0.75, TrackFit.Arousal(track, 0.5), 12);
        Assert.Equal(0.0, TrackFit.Distance(track, CreateTarget(0.5, 0.75), 0.5), 9);
    }

    [Fact]
    public void Score_IsOneAtTheCentreAndFallsWithDistance()
    {
        Assert.Equal(1.0, TrackFit.Score(0), 12);
        Assert.Equal(Math.Exp(-0.5), TrackFit.Score(1), 12);
        Assert.True(TrackFit.Score(2) < TrackFit.Score(1));
    }
}
