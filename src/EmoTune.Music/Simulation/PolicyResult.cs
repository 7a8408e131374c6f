namespace EmoTune.Music.Simulation;

/// <summary>How one policy fared over all simulated listeners.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="LikeRate">Likes per play over every step and listener.</param>
/// <param name="LikeRateByBucket">Like rate in each block of <see cref="SimulationOptions.BucketSize"/> steps, averaged over listeners.</param>
public sealed record PolicyResult(SimulationPolicy Policy, double LikeRate, IReadOnlyList<double> LikeRateByBucket)
{
    /// <summary>Like rate in the last block of steps, once the policy has had time to learn.</summary>
    public double FinalLikeRate => LikeRateByBucket[^1];
}
