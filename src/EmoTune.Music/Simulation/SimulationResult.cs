using System.Globalization;
using System.Text;

namespace EmoTune.Music.Simulation;

/// <summary>The simulated-listener experiment's outcome: one like-rate curve per policy.</summary>
/// <param name="Options">The experiment that produced it.</param>
/// <param name="Policies">One result per policy, in <see cref="SimulationPolicy"/> order.</param>
public sealed record SimulationResult(SimulationOptions Options, IReadOnlyList<PolicyResult> Policies)
{
    /// <summary>The result of <paramref name="policy"/>.</summary>
    public PolicyResult this[SimulationPolicy policy] => Policies.Single(p => p.Policy == policy);

    /// <summary>A Markdown table: one row per policy, overall and per-block like rates.</summary>
    public string ToMarkdown()
    {
        var buckets = Policies[0].LikeRateByBucket.Count;
        var builder = new StringBuilder();
        builder.Append("| policy | overall |");
        for (var b = 0; b < buckets; b++)
        {
            var first = (b * Options.BucketSize) + 1;
            var last = Math.Min((b + 1) * Options.BucketSize, Options.Steps);
            builder.Append(CultureInfo.InvariantCulture, $" {first}–{last} |");
        }

        builder.AppendLine().Append("| --- | --- |").Append(string.Concat(Enumerable.Repeat(" --- |", buckets))).AppendLine();
        foreach (var policy in Policies)
        {
            builder.Append(CultureInfo.InvariantCulture, $"| {policy.Policy} | {policy.LikeRate:F3} |");
            foreach (var rate in policy.LikeRateByBucket)
            {
                builder.Append(CultureInfo.InvariantCulture, $" {rate:F3} |");
            }

            builder.AppendLine();
        }

        return builder.ToString();
    }
}
