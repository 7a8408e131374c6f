using EmoTune.Core.Moods;

namespace EmoTune.Music.Recommendation;

/// <summary>Pure functions from a mood region and a strategy to the region the music should aim at.</summary>
public static class StrategyTargets
{
    /// <summary>
    /// Match aims at the mood itself. Lift starts at the mood (step 0) and moves a further
    /// <c>1 / LiftSteps</c> of the way toward (<c>max(mood valence, LiftValence)</c>, <c>LiftEnergy</c>) with each step,
    /// staying there after the last step. Calm keeps the mood's valence and aims at
    /// <c>min(mood energy, CalmEnergy)</c>.
    /// </summary>
    public static MusicTarget For(MoodRegion mood, MoodStrategy strategy, int step, RecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(mood);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var centre = mood.Centre;
        return strategy switch
        {
            MoodStrategy.Match => new MusicTarget(mood, strategy, 0, centre, mood.ValenceSpread, mood.ArousalSpread),
            MoodStrategy.Lift => new MusicTarget(
                mood,
                strategy,
                step,
                centre.MoveToward(
                    new MoodPoint(Math.Max(centre.Valence, options.LiftValence), options.LiftEnergy),
                    (double)Math.Min(step, options.LiftSteps) / options.LiftSteps),
                mood.ValenceSpread,
                mood.ArousalSpread),
            MoodStrategy.Calm => new MusicTarget(
                mood,
                strategy,
                0,
                centre with { Arousal = Math.Min(centre.Arousal, options.CalmEnergy) },
                mood.ValenceSpread,
                mood.ArousalSpread),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown strategy."),
        };
    }
}
