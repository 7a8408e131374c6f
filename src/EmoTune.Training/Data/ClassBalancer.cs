using EmoTune.Core.Emotions;

namespace EmoTune.Training.Data;

/// <summary>How the training split is balanced across classes.</summary>
public enum BalanceMode
{
    /// <summary>Train on the split as it is.</summary>
    None,

    /// <summary>Repeat images of smaller classes (training split only).</summary>
    Oversample,

    /// <summary>Weight the loss per class instead of repeating images.</summary>
    Weights,
}

/// <summary>
/// Class balancing for the training split. It only ever sees the training split's labels and returns indices into
/// that split, so evaluation images cannot enter the training stream. <c>strength</c> interpolates between none (0)
/// and full balance (1): a class of n images is brought to <c>n^(1-s) · n_max^s</c>.
/// </summary>
public static class ClassBalancer
{
    /// <summary>Target count per class for <paramref name="counts"/> at <paramref name="strength"/>.</summary>
    public static int[] TargetCounts(IReadOnlyList<int> counts, double strength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(strength, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(strength, 1);
        var max = counts.Max();
        return counts.Select(n => n == 0 ? 0 : Math.Max(n, (int)Math.Round(Math.Pow(n, 1 - strength) * Math.Pow(max, strength)))).ToArray();
    }

    /// <summary>
    /// Indices into the training split: every image once, plus seeded repeats of minority-class images up to the target counts.
    /// </summary>
    public static int[] OversampleIndices(IReadOnlyList<byte> trainLabels, double strength, int seed)
    {
        var byClass = Enumerable.Range(0, EmotionLabels.Count).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < trainLabels.Count; i++)
        {
            byClass[trainLabels[i]].Add(i);
        }

        var targets = TargetCounts(byClass.Select(c => c.Count).ToArray(), strength);
        var rng = new Random(seed);
        var result = new List<int>(targets.Sum());
        for (var c = 0; c < byClass.Length; c++)
        {
            var members = byClass[c];
            result.AddRange(members);
            if (members.Count == 0)
            {
                continue;
            }

            var extra = targets[c] - members.Count;
            var fullRounds = extra / members.Count;
            for (var r = 0; r < fullRounds; r++)
            {
                result.AddRange(members);
            }

            var rest = members.ToArray();
            rng.Shuffle(rest);
            result.AddRange(rest.Take(extra % members.Count));
        }

        return [.. result];
    }

    /// <summary>Per-class loss weights <c>target/n</c>, normalised so the weighted mean over the split is 1.</summary>
    public static float[] ClassWeights(IReadOnlyList<int> counts, double strength)
    {
        var targets = TargetCounts(counts, strength);
        var raw = counts.Select((n, c) => n == 0 ? 0.0 : (double)targets[c] / n).ToArray();
        var total = counts.Sum();
        var mean = counts.Select((n, c) => n * raw[c]).Sum() / total;
        return raw.Select(w => (float)(w / mean)).ToArray();
    }
}
