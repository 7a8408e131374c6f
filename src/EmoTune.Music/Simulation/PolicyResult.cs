namespace EmoTune.Music.Simulation;

/// <summary>How one policy fared over all simulated listeners.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="LikeRate">Likes per play over every step and listener.</param>
/// <param name="LikeRateByBucket">Like rate in each block of <see cref="SimulationOptions.BucketSize"/> steps, averaged over listeners.</param>
public sealed record PolicyResult(SimulationPolicy Policy, double LikeRate, IReadOnlyList<double> LikeRateByBucket)
{
    /// <summary>Like rate at each step, averaged over listeners (empty when not recorded).</summary>
    public IReadOnlyList<double> LikeRateByStep { get; init; } = [];

    /// <summary>Like rate in the last block of steps, once the policy has had time to learn.</summary>
    public double FinalLikeRate => LikeRateByBucket[^1];

    /// <summary>Like rate over the last <paramref name="steps"/> steps (all of them when there are fewer).</summary>
    public double LikeRateOverLast(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        if (LikeRateByStep.Count == 0)
        {
            throw new InvalidOperationException("This result has no per-step like rates.");
        }

        var n = Math.Min(steps, LikeRateByStep.Count);
        return LikeRateByStep.Skip(LikeRateByStep.Count - n).Average();
    }
}
