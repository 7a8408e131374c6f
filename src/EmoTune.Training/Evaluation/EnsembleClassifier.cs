using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;

namespace EmoTune.Training.Evaluation;

/// <summary>
/// Several models as one: the mean of their probabilities, returned as its logarithm so that softmax gives the mean
/// back. The members must expect the same preprocessing (input size, channels, normalisation and class order).
/// </summary>
public sealed class EnsembleClassifier : IBatchClassifier
{
    private readonly IReadOnlyList<IBatchClassifier> _members;

    /// <summary>An ensemble of <paramref name="members"/> (at least one).</summary>
    /// <exception cref="ArgumentException">No members, or members that expect different preprocessing.</exception>
    public EnsembleClassifier(IReadOnlyList<IBatchClassifier> members)
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("An ensemble needs at least one model.", nameof(members));
        }

        var first = members[0].Spec;
        for (var m = 1; m < members.Count; m++)
        {
            var spec = members[m].Spec;
            if (!spec.SamePreprocessing(first))
            {
                throw new ArgumentException(
                    $"Model {m + 1} of the ensemble ({spec.Architecture}, {spec.InputWidth}×{spec.InputHeight}, mean {spec.Mean}, std {spec.Std}) "
                    + $"expects other preprocessing than model 1 ({first.Architecture}, {first.InputWidth}×{first.InputHeight}, mean {first.Mean}, std {first.Std}).",
                    nameof(members));
            }
        }

        _members = members;
        // The mean of the members' probabilities, each at its own temperature, comes out as log-probabilities: the
        // ensemble's own softmax takes them as they are.
        Spec = first with { Temperature = null };
    }

    /// <inheritdoc />
    public EmotionModelSpec Spec { get; }

    /// <inheritdoc />
    public float[] Logits(ReadOnlySpan<float> batch, int count)
    {
        var k = EmotionLabels.Count;
        var mean = new float[count * k];
        var p = new float[k];
        foreach (var member in _members)
        {
            var logits = member.Logits(batch, count);
            for (var i = 0; i < count; i++)
            {
                EmotionScores.Softmax(logits.AsSpan(i * k, k), p, member.Spec.SoftmaxTemperature);
                for (var c = 0; c < k; c++)
                {
                    mean[(i * k) + c] += p[c] / _members.Count;
                }
            }
        }

        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] = MathF.Log(Math.Max(mean[i], 1e-30f));
        }

        return mean;
    }
}
