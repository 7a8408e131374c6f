using System.Buffers;
using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;

namespace EmoTune.Vision.Inference;

/// <summary>
/// Classifies each face together with its horizontal mirror and averages the two probability vectors: the flip
/// test-time averaging that <c>emotune evaluate --tta</c> measures, for live use. Both views of every face go through
/// the wrapped classifier in one run (2 N images), so a frame's faces still cost one model call. Faces are
/// left–right symmetric in meaning, and the mirror's errors are partly independent of the image's, which is why the
/// mean is right more often than either (see models/MODEL_CARD.md).
/// </summary>
public sealed class MirrorAveragingClassifier : IEmotionClassifier, IDisposable
{
    private readonly IEmotionClassifier _inner;

    /// <summary>Wraps <paramref name="inner"/>, which this instance then owns (disposed with it when disposable).</summary>
    public MirrorAveragingClassifier(IEmotionClassifier inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <inheritdoc />
    public EmotionModelSpec Spec => _inner.Spec;

    /// <inheritdoc />
    public EmotionScores[] Classify(Memory<float> inputs, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return [];
        }

        var (width, height) = (Spec.InputWidth, Spec.InputHeight);
        var length = width * height;
        if (inputs.Length < count * length)
        {
            throw new ArgumentException($"{count} image(s) need {count * length} floats; got {inputs.Length}.", nameof(inputs));
        }

        var both = ArrayPool<float>.Shared.Rent(2 * count * length);
        try
        {
            var source = inputs.Span[..(count * length)];
            source.CopyTo(both);
            var mirrors = both.AsSpan(count * length, count * length);
            for (var row = 0; row < count * height; row++)
            {
                var mirrored = mirrors.Slice(row * width, width);
                source.Slice(row * width, width).CopyTo(mirrored);
                mirrored.Reverse();
            }

            var scores = _inner.Classify(both.AsMemory(0, 2 * count * length), 2 * count);
            var results = new EmotionScores[count];
            Span<float> mean = stackalloc float[EmotionLabels.Count];
            for (var i = 0; i < count; i++)
            {
                for (var k = 0; k < mean.Length; k++)
                {
                    mean[k] = (scores[i].Probabilities[k] + scores[count + i].Probabilities[k]) / 2;
                }

                results[i] = new EmotionScores(mean);
            }

            return results;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(both);
        }
    }

    /// <inheritdoc />
    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
