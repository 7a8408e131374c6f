using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Simulation;

/// <summary>The simulated-listener experiment: how many listeners, how long, and how their hidden tastes are drawn.</summary>
public sealed record SimulationOptions
{
    /// <summary>Number of listeners, each with its own hidden tastes and mood sequence.</summary>
    public int Listeners { get; init; } = 100;

    /// <summary>Tracks played per listener (one recommendation and one reaction per step).</summary>
    public int Steps { get; init; } = 200;

    /// <summary>Seed of everything random: tastes, moods, reactions and the recommender's draws.</summary>
    public int Seed { get; init; } = 2024;

    /// <summary>Steps per point of the like-rate curve.</summary>
    public int BucketSize { get; init; } = 20;

    /// <summary>The strategy the recommender uses.</summary>
    public MoodStrategy Strategy { get; init; } = MoodStrategy.Match;

    /// <summary>Chance that a listener's mood stays the same from one step to the next.</summary>
    public double MoodPersistence { get; init; } = 0.9;

    /// <summary>Standard deviation (log-odds) of a listener's taste for a genre, in every mood.</summary>
    public double GenreTasteSpread { get; init; } = 1.5;

    /// <summary>Standard deviation (log-odds) of the extra taste for a genre in one particular mood.</summary>
    public double MoodGenreTasteSpread { get; init; } = 0.75;

    /// <summary>Standard deviation (log-odds) of a listener's taste for an artist.</summary>
    public double ArtistTasteSpread { get; init; } = 1.0;

    /// <summary>Log-odds added per unit of mood fit above 0.5: listeners prefer music that fits their mood.</summary>
    public double FitWeight { get; init; } = 2.0;

    /// <summary>Base log-odds of a like.</summary>
    public double Bias { get; init; } = -0.5;

    /// <summary>Share of non-likes that are dislikes rather than skips when the listener's taste is negative.</summary>
    public double DislikeShare { get; init; } = 0.3;

    /// <summary>Throws when a value is outside its range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Listeners, 1, nameof(Listeners));
        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1, nameof(Steps));
        ArgumentOutOfRangeException.ThrowIfLessThan(BucketSize, 1, nameof(BucketSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MoodPersistence, 0, nameof(MoodPersistence));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MoodPersistence, 1, nameof(MoodPersistence));
        ArgumentOutOfRangeException.ThrowIfLessThan(DislikeShare, 0, nameof(DislikeShare));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DislikeShare, 1, nameof(DislikeShare));
    }
}
