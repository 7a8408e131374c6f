using EmoTune.Core.Emotions;
using EmoTune.Core.Moods;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Tests.Recommendation;

public sealed class StrategyTargetsTests
{
    private static RecommenderOptions CreateOptions(int liftSteps = 4) => new() { LiftSteps = liftSteps, LiftValence = 0.8, LiftEnergy = 0.6, CalmEnergy = 0.2 };

    [Theory]
    [InlineData(Emotion.Sad)]
    [InlineData(Emotion.Angry)]
    [InlineData(Emotion.Happy)]
    public void Match_AimsAtTheMoodItself(Emotion emotion)
    {
        var mood = MoodMap.Default[emotion];

        var target = StrategyTargets.For(mood, MoodStrategy.Match, 3, CreateOptions());

        Assert.Equal(mood.Centre, target.Centre);
        Assert.Equal(mood.ValenceSpread, target.ValenceSpread);
    }

    [Theory]
    [InlineData(Emotion.Sad)]
    [InlineData(Emotion.Angry)]
    [InlineData(Emotion.Fear)]
    [InlineData(Emotion.Disgust)]
    [InlineData(Emotion.Neutral)]
    public void Lift_StartsAtTheMoodAndRaisesValenceEveryStepUntilTheGoal(Emotion emotion)
    {
        var options = CreateOptions(liftSteps: 4);
        var mood = MoodMap.Default[emotion];
        var valences = Enumerable.Range(0, 7).Select(step => StrategyTargets.For(mood, MoodStrategy.Lift, step, options).Centre.Valence).ToList();

        Assert.Equal(mood.Centre.Valence, valences[0], 12);
        for (var step = 1; step <= options.LiftSteps; step++)
        {
            Assert.True(valences[step] > valences[step - 1], $"step {step}: {valences[step]} is not above {valences[step - 1]}");
        }

        Assert.Equal(options.LiftValence, valences[options.LiftSteps], 12);
        Assert.Equal(options.LiftValence, valences[6], 12);
    }

    [Fact]
    public void Lift_EqualSteps_EachMovesAQuarterOfTheWay()
    {
        var mood = MoodMap.Default[Emotion.Sad];
        var step1 = StrategyTargets.For(mood, MoodStrategy.Lift, 1, CreateOptions()).Centre;

        Assert.Equal(mood.Centre.Valence + ((0.8 - mood.Centre.Valence) / 4), step1.Valence, 12);
        Assert.Equal(mood.Centre.Arousal + ((0.6 - mood.Centre.Arousal) / 4), step1.Arousal, 12);
    }

    [Fact]
    public void Lift_AlreadyBrighterMood_NeverLowersValence()
    {
        var mood = MoodMap.Default[Emotion.Happy];

        var last = StrategyTargets.For(mood, MoodStrategy.Lift, 4, CreateOptions());

        Assert.Equal(mood.Centre.Valence, last.Centre.Valence, 12);
    }

    [Theory]
    [InlineData(Emotion.Angry)]
    [InlineData(Emotion.Fear)]
    [InlineData(Emotion.Surprise)]
    [InlineData(Emotion.Happy)]
    [InlineData(Emotion.Neutral)]
    public void Calm_LowersEnergyAndKeepsValence(Emotion emotion)
    {
        var mood = MoodMap.Default[emotion];

        var target = StrategyTargets.For(mood, MoodStrategy.Calm, 0, CreateOptions());

        Assert.True(target.Centre.Arousal < mood.Centre.Arousal, $"{target.Centre.Arousal} is not below {mood.Centre.Arousal}");
        Assert.Equal(0.2, target.Centre.Arousal, 12);
        Assert.Equal(mood.Centre.Valence, target.Centre.Valence, 12);
    }

    [Fact]
    public void Calm_AlreadyCalmerMood_NeverRaisesEnergy()
    {
        var mood = new MoodRegion(Emotion.Sad, "sad", new MoodPoint(0.2, 0.1), 0.15, 0.15);

        var target = StrategyTargets.For(mood, MoodStrategy.Calm, 0, CreateOptions());

        Assert.Equal(0.1, target.Centre.Arousal, 12);
    }
}
