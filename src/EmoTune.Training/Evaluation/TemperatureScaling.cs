using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;

namespace EmoTune.Training.Evaluation;

/// <summary>
/// Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017): the one number T that the
/// logits are divided by so that the mean negative log-likelihood of the true classes is least. It changes how sure the
/// probabilities are, never which class is on top, so accuracy and macro-F1 stay exactly as they were.
/// </summary>
public static class TemperatureScaling
{
    /// <summary>
    /// The temperature in [<see cref="EmotionModelSpec.MinTemperature"/>, <see cref="EmotionModelSpec.MaxTemperature"/>]
    /// that minimises <see cref="NegativeLogLikelihood"/> (golden-section search on log T; the likelihood of a
    /// temperature is unimodal in practice).
    /// </summary>
    /// <param name="labels">True classes of the images.</param>
    /// <param name="views">Raw logits (images × 7) of one or more views of the images, whose probabilities are averaged.</param>
    /// <param name="subset">Indices of the images to fit on (null: all).</param>
    public static double Fit(IReadOnlyList<int> labels, IReadOnlyList<float[]> views, IReadOnlyList<int>? subset = null)
    {
        double lo = Math.Log(EmotionModelSpec.MinTemperature), hi = Math.Log(EmotionModelSpec.MaxTemperature);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double a = hi - (ratio * (hi - lo)), b = lo + (ratio * (hi - lo));
        double fa = NegativeLogLikelihood(labels, views, Math.Exp(a), subset), fb = NegativeLogLikelihood(labels, views, Math.Exp(b), subset);
        while (hi - lo > 1e-5)
        {
            if (fa <= fb)
            {
                hi = b;
                (b, fb) = (a, fa);
                a = hi - (ratio * (hi - lo));
                fa = NegativeLogLikelihood(labels, views, Math.Exp(a), subset);
            }
            else
            {
                lo = a;
                (a, fa) = (b, fb);
                b = lo + (ratio * (hi - lo));
                fb = NegativeLogLikelihood(labels, views, Math.Exp(b), subset);
            }
        }

        return Math.Exp((lo + hi) / 2);
    }

    /// <summary>Mean −log p(true class) of the views' averaged probabilities at <paramref name="temperature"/>.</summary>
    public static double NegativeLogLikelihood(IReadOnlyList<int> labels, IReadOnlyList<float[]> views, double temperature, IReadOnlyList<int>? subset = null)
    {
        var p = Probabilities(views, temperature);
        var k = EmotionLabels.Count;
        var sum = 0.0;
        var count = 0;
        foreach (var n in subset ?? Enumerable.Range(0, labels.Count))
        {
            sum -= Math.Log(Math.Max(p[(n * k) + labels[n]], 1e-12));
            count++;
        }

        return sum / count;
    }

    /// <summary>The views' probabilities at <paramref name="temperature"/>, averaged (images × 7), as the app and <c>evaluate</c> compute them.</summary>
    public static float[] Probabilities(IReadOnlyList<float[]> views, double temperature)
    {
        ArgumentOutOfRangeException.ThrowIfZero(views.Count);
        var k = EmotionLabels.Count;
        var t = (float)temperature;
        var probabilities = new List<float[]>(views.Count);
        foreach (var logits in views)
        {
            var p = new float[logits.Length];
            for (var i = 0; i < logits.Length; i += k)
            {
                EmotionScores.Softmax(logits.AsSpan(i, k), p.AsSpan(i, k), t);
            }

            probabilities.Add(p);
        }

        return DatasetPredictor.Average(probabilities);
    }

    /// <summary>Expected calibration error (15 bins) of the views at <paramref name="temperature"/>, over <paramref name="subset"/> (null: all).</summary>
    public static double Ece(IReadOnlyList<int> labels, IReadOnlyList<float[]> views, double temperature, IReadOnlyList<int>? subset = null)
    {
        var p = Probabilities(views, temperature);
        if (subset is null)
        {
            return ClassificationReport.ExpectedCalibrationError(labels, p);
        }

        var k = EmotionLabels.Count;
        var picked = new float[subset.Count * k];
        for (var i = 0; i < subset.Count; i++)
        {
            p.AsSpan(subset[i] * k, k).CopyTo(picked.AsSpan(i * k));
        }

        return ClassificationReport.ExpectedCalibrationError([.. subset.Select(n => labels[n])], picked);
    }
}
