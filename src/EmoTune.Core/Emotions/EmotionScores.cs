namespace EmoTune.Core.Emotions;

/// <summary>Probabilities of the seven emotions, in FER2013 index order, summing to 1.</summary>
public sealed record EmotionScores
{
    private readonly float[] _probabilities;

    /// <summary>Creates scores from 7 probabilities (copied).</summary>
    public EmotionScores(ReadOnlySpan<float> probabilities)
    {
        if (probabilities.Length != EmotionLabels.Count)
        {
            throw new ArgumentException($"Expected {EmotionLabels.Count} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        _probabilities = probabilities.ToArray();
    }

    /// <summary>The probabilities in index order.</summary>
    public IReadOnlyList<float> Probabilities => _probabilities;

    /// <summary>The most probable emotion.</summary>
    public Emotion Top => (Emotion)ArgMax(_probabilities);

    /// <summary>Probability of the most probable emotion.</summary>
    public float Confidence => _probabilities[ArgMax(_probabilities)];

    /// <summary>Probability of <paramref name="emotion"/>.</summary>
    public float this[Emotion emotion] => _probabilities[(int)emotion];

    /// <summary>Softmax of raw logits, divided by <paramref name="temperature"/> first (the model spec's, 1 when unset).</summary>
    public static EmotionScores FromLogits(ReadOnlySpan<float> logits, float temperature = 1f)
    {
        Span<float> p = stackalloc float[EmotionLabels.Count];
        Softmax(logits, p, temperature);
        return new EmotionScores(p);
    }

    /// <summary>
    /// Numerically stable softmax of <paramref name="logits"/> divided by <paramref name="temperature"/> into
    /// <paramref name="destination"/> (with 1, bit for bit the plain softmax).
    /// </summary>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> destination, float temperature = 1f)
    {
        var max = float.NegativeInfinity;
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            destination[i] = MathF.Exp((logits[i] - max) / temperature);
            sum += destination[i];
        }

        for (var i = 0; i < logits.Length; i++)
        {
            destination[i] = (float)(destination[i] / sum);
        }
    }

    /// <summary>Index of the largest value (first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <inheritdoc />
    public bool Equals(EmotionScores? other) => other is not null && _probabilities.AsSpan().SequenceEqual(other._probabilities);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var p in _probabilities)
        {
            hash.Add(p);
        }

        return hash.ToHashCode();
    }
}
