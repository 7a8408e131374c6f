using EmoTune.Core.Emotions;
using EmoTune.Core.Moods;
using EmoTune.Music.Feedback;
using EmoTune.Music.Recommendation;
using EmoTune.Music.Simulation;

namespace EmoTune.Music.Tests.Simulation;

public sealed class ListenerSimulationTests
{
    [Fact]
    public void HundredListeners_FixedSeed_PersonalisedBeatsUnpersonalisedAndRandom_AndLearns()
    {
        var options = new SimulationOptions { Listeners = 100, Steps = 200, Seed = 2024 };

        var result = ListenerSimulation.Run(TestTracks.Catalogue, MoodMap.Default, new RecommenderOptions(), options);
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToMarkdown());

        var personalised = result[SimulationPolicy.Personalised];
        var unpersonalised = result[SimulationPolicy.Unpersonalised];
        var random = result[SimulationPolicy.Random];
        Assert.True(personalised.LikeRate > random.LikeRate + 0.05, result.ToMarkdown());
        Assert.True(personalised.LikeRate > unpersonalised.LikeRate + 0.03, result.ToMarkdown());
        Assert.True(personalised.FinalLikeRate > personalised.LikeRateByBucket[0] + 0.05, result.ToMarkdown());
        Assert.Equal(10, personalised.LikeRateByBucket.Count);

        // Issue 4's measure: like-rate over the last 50 steps. 1.38x was measured; 1.5x is not reached (docs/BENCHMARKS.md).
        var ratio = personalised.LikeRateOverLast(50) / unpersonalised.LikeRateOverLast(50);
        Assert.True(ratio >= 1.3, $"last-50 ratio {ratio:F2}\n{result.ToMarkdown()}");
    }

    [Fact]
    public void Ceilings_KnowingEveryTaste_BeatsKnowingGenres_BeatsTheLearner()
    {
        var options = new SimulationOptions { Listeners = 10, Steps = 100, Seed = 5 };
        var result = ListenerSimulation.Run(TestTracks.Catalogue, MoodMap.Default, new RecommenderOptions(), options);

        var (full, genreOnly) = ListenerSimulation.Ceilings(TestTracks.Catalogue, MoodMap.Default, new RecommenderOptions(), options);

        Assert.True(full > genreOnly, $"{full:F3} vs {genreOnly:F3}");
        Assert.True(full > result[SimulationPolicy.Personalised].LikeRateOverLast(50), $"{full:F3} vs {result[SimulationPolicy.Personalised].LikeRateOverLast(50):F3}");
        Assert.True(genreOnly > result[SimulationPolicy.Unpersonalised].LikeRate, $"{genreOnly:F3} vs {result[SimulationPolicy.Unpersonalised].LikeRate:F3}");
    }

    [Fact]
    public void LikeRateOverLast_AveragesTheLastStepsOverListeners()
    {
        var result = ListenerSimulation.Run(TestTracks.Catalogue, MoodMap.Default, new RecommenderOptions(), new SimulationOptions { Listeners = 3, Steps = 30, BucketSize = 10 });
        var personalised = result[SimulationPolicy.Personalised];

        Assert.Equal(30, personalised.LikeRateByStep.Count);
        Assert.Equal(personalised.LikeRateByBucket[^1], personalised.LikeRateOverLast(10), 12);
        Assert.Equal(personalised.LikeRate, personalised.LikeRateOverLast(1000), 12);
    }

    [Fact]
    public void Run_SameSeed_SameResult_OtherSeed_Differs()
    {
        var options = new SimulationOptions { Listeners = 5, Steps = 40, Seed = 7 };

        var first = ListenerSimulation.Run(TestTracks.Catalogue, MoodMap.Default, new RecommenderOptions(), options);
        var second = ListenerSimulation.Run(TestTracks.Catalogue, MoodMap.Default, new RecommenderOptions(), options);
        var other = ListenerSimulation.Run(TestTracks.Catalogue, MoodMap.Default, new RecommenderOptions(), options with { Seed = 8 });

        Assert.Equal(first.ToMarkdown(), second.ToMarkdown());
        Assert.NotEqual(first.ToMarkdown(), other.ToMarkdown());
    }

    [Fact]
    public void Listener_LikesWhatItsHiddenTasteFavours()
    {
        var options = new SimulationOptions();
        var listener = SimulatedListener.Create(TestTracks.Catalogue, options, new Random(3));
        var loved = TestTracks.Catalogue.MaxBy(t => listener.Taste(t, Emotion.Happy))!;
        var hated = TestTracks.Catalogue.MinBy(t => listener.Taste(t, Emotion.Happy))!;
        var random = new Random(4);

        var lovedLikes = Enumerable.Range(0, 500).Count(_ => listener.React(loved, Emotion.Happy, 0.5, random) == FeedbackKind.Like);
        var hatedLikes = Enumerable.Range(0, 500).Count(_ => listener.React(hated, Emotion.Happy, 0.5, random) == FeedbackKind.Like);

        Assert.True(lovedLikes > 400, $"{lovedLikes} likes of 500");
        Assert.True(hatedLikes < 100, $"{hatedLikes} likes of 500");
    }

    [Fact]
    public void ToMarkdown_HasOneRowPerPolicyAndOneColumnPerBlock()
    {
        var result = ListenerSimulation.Run(TestTracks.Catalogue, MoodMap.Default, new RecommenderOptions(), new SimulationOptions { Listeners = 2, Steps = 30, BucketSize = 10 });

        var lines = result.ToMarkdown().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(5, lines.Length);
        Assert.Equal("| policy | overall | 1–10 | 11–20 | 21–30 |", lines[0]);
        Assert.StartsWith("| Personalised | ", lines[2], StringComparison.Ordinal);
    }
}
