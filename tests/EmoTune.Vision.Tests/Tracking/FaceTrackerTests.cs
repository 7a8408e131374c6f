using EmoTune.Core.Emotions;
using EmoTune.Core.Faces;
using EmoTune.Vision.Inference;
using EmoTune.Vision.Tracking;

namespace EmoTune.Vision.Tests.Tracking;

public sealed class FaceTrackerTests
{
    [Fact]
    public void Update_FaceDriftsAcrossTenFrames_KeepsItsId()
    {
        var sut = CreateTracker();
        var ids = new List<int>();
        for (var frame = 0; frame < 10; frame++)
        {
            var tracked = sut.Update([Face(100 + (frame * 8), 80 + (frame * 3), Emotion.Happy)], Ms(frame * 100));
            ids.Add(Assert.Single(tracked).TrackId);
        }

        Assert.Single(ids.Distinct());
    }

    [Fact]
    public void Update_TwoFacesListedInSwappedOrder_IdsFollowTheFaces()
    {
        var sut = CreateTracker();
        var first = sut.Update([Face(50, 50, Emotion.Happy), Face(400, 60, Emotion.Sad)], Ms(0));

        var second = sut.Update([Face(404, 62, Emotion.Sad), Face(46, 52, Emotion.Happy)], Ms(100));

        Assert.Equal(first[1].TrackId, second[0].TrackId);
        Assert.Equal(first[0].TrackId, second[1].TrackId);
        Assert.NotEqual(second[0].TrackId, second[1].TrackId);
    }

    [Fact]
    public void Update_FaceJumpsWithoutOverlap_StartsANewTrack()
    {
        var sut = CreateTracker();
        var before = Assert.Single(sut.Update([Face(50, 50, Emotion.Happy)], Ms(0)));

        var after = Assert.Single(sut.Update([Face(300, 50, Emotion.Happy)], Ms(100)));

        Assert.NotEqual(before.TrackId, after.TrackId);
    }

    [Theory]
    [InlineData(900, true)]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    [InlineData(5000, false)]
    public void Update_FaceReturnsAfterAGap_KeepsItsIdOnlyWithinStaleAfter(int gapMs, bool sameId)
    {
        var sut = CreateTracker(new TrackingOptions { StaleAfter = TimeSpan.FromSeconds(1) });
        var before = Assert.Single(sut.Update([Face(50, 50, Emotion.Happy)], Ms(0)));
        sut.Update([], Ms(gapMs / 2));

        var after = Assert.Single(sut.Update([Face(52, 50, Emotion.Happy)], Ms(gapMs)));

        Assert.Equal(sameId, before.TrackId == after.TrackId);
    }

    [Fact]
    public void Update_StaleTracks_AreDroppedAndIdsNeverReused()
    {
        var sut = CreateTracker(new TrackingOptions { StaleAfter = TimeSpan.FromMilliseconds(200) });
        var ids = new HashSet<int>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(Assert.Single(sut.Update([Face(50, 50, Emotion.Happy)], Ms(i * 1000))).TrackId);
        }

        sut.Update([], Ms(10_000));

        Assert.Equal(5, ids.Count);
        Assert.Equal(0, sut.Count);
    }

    [Fact]
    public void Update_TwoDetectionsOverlapOneTrack_TheBetterOverlapKeepsIt()
    {
        var sut = CreateTracker();
        var track = Assert.Single(sut.Update([Face(100, 100, Emotion.Happy)], Ms(0)));

        var next = sut.Update([Face(140, 100, Emotion.Happy), Face(105, 100, Emotion.Happy)], Ms(100));

        Assert.Equal(track.TrackId, next[1].TrackId);
        Assert.NotEqual(track.TrackId, next[0].TrackId);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(0.25)]
    [InlineData(0.1)]
    public void Update_ThreeFrames_SmoothsWithTheExponentialMovingAverage(double alpha)
    {
        var sut = CreateTracker(new TrackingOptions { SmoothingAlpha = alpha });
        float[][] frames = [OneHotish(Emotion.Happy), OneHotish(Emotion.Sad), OneHotish(Emotion.Sad)];
        var expected = frames[0].Select(v => (double)v).ToArray();

        TrackedFace? last = null;
        for (var f = 0; f < frames.Length; f++)
        {
            last = Assert.Single(sut.Update([new FaceResult(new FaceBox(50, 50, 100, 100), new EmotionScores(frames[f]))], Ms(f * 100)));
            if (f > 0)
            {
                for (var k = 0; k < expected.Length; k++)
                {
                    expected[k] = (alpha * frames[f][k]) + ((1 - alpha) * expected[k]);
                }
            }
        }

        Assert.NotNull(last);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], last.Scores.Probabilities[k], 1e-6);
        }

        Assert.Equal(1.0, last.Scores.Probabilities.Sum(), 1e-5);
        Assert.Equal(new EmotionScores(frames[^1]), last.Latest);
    }

    [Fact]
    public void Update_AlphaBelowOne_ABriefFlickerDoesNotTakeTheTop()
    {
        var sut = CreateTracker(new TrackingOptions { SmoothingAlpha = 0.3 });
        for (var f = 0; f < 5; f++)
        {
            sut.Update([Face(50, 50, Emotion.Happy)], Ms(f * 100));
        }

        var flicker = Assert.Single(sut.Update([Face(50, 50, Emotion.Surprise)], Ms(500)));

        Assert.Equal(Emotion.Surprise, flicker.Latest.Top);
        Assert.Equal(Emotion.Happy, flicker.Scores.Top);
    }

    [Fact]
    public void Update_TimeGoesBackwards_IsRefused()
    {
        var sut = CreateTracker();
        sut.Update([Face(50, 50, Emotion.Happy)], Ms(500));

        Assert.Throws<ArgumentException>(() => sut.Update([Face(50, 50, Emotion.Happy)], Ms(400)));
    }

    private static FaceTracker CreateTracker(TrackingOptions? options = null) => new(options ?? new TrackingOptions());

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static FaceResult Face(int x, int y, Emotion emotion) => new(new FaceBox(x, y, 100, 100), new EmotionScores(OneHotish(emotion)));

    /// <summary>0.7 on <paramref name="emotion"/>, 0.05 on each of the others.</summary>
    private static float[] OneHotish(Emotion emotion)
    {
        var p = Enumerable.Repeat(0.05f, EmotionLabels.Count).ToArray();
        p[(int)emotion] = 0.7f;
        return p;
    }
}
