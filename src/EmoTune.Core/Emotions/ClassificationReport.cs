using System.Text.Json.Serialization;

namespace EmoTune.Core.Emotions;

/// <summary>Precision, recall, F1 and support of one class.</summary>
/// <param name="Precision">TP / (TP + FP); 0 when nothing was predicted as the class.</param>
/// <param name="Recall">TP / (TP + FN); 0 when the class has no examples.</param>
/// <param name="F1">Harmonic mean of precision and recall; 0 when both are 0.</param>
/// <param name="Support">Number of examples whose true class this is.</param>
public sealed record ClassMetrics(
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("f1")] double F1,
    [property: JsonPropertyName("support")] int Support);

/// <summary>
/// The evaluation of a classifier on a labelled set, exactly the fields <c>emotune evaluate --json</c> writes:
/// accuracy, mean cross-entropy loss, macro-F1, per-class metrics, the 7×7 confusion matrix (rows = true class,
/// columns = predicted, FER2013 order), the number of examples and the class names.
/// </summary>
public sealed record ClassificationReport(
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("loss")] double Loss,
    [property: JsonPropertyName("macro_f1")] double MacroF1,
    [property: JsonPropertyName("per_class")] IReadOnlyDictionary<string, ClassMetrics> PerClass,
    [property: JsonPropertyName("confusion")] int[][] Confusion,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes)
{
    /// <summary>Expected calibration error over 15 equal-width bins (<see cref="ExpectedCalibrationError"/>); null when the report came from a confusion matrix alone.</summary>
    [JsonPropertyName("ece")]
    public double? Ece { get; init; }

    /// <summary>
    /// Computes the report from true labels and predicted probabilities (<c>labels.Length × 7</c>, row-major, rows summing to 1).
    /// </summary>
    public static ClassificationReport FromProbabilities(IReadOnlyList<int> labels, ReadOnlySpan<float> probabilities)
    {
        var k = EmotionLabels.Count;
        if (labels.Count == 0)
        {
            throw new ArgumentException("Cannot evaluate on an empty set.", nameof(labels));
        }

        if (probabilities.Length != labels.Count * k)
        {
            throw new ArgumentException($"Expected {labels.Count * k} probabilities for {labels.Count} examples, got {probabilities.Length}.", nameof(probabilities));
        }

        var confusion = new int[k][];
        for (var i = 0; i < k; i++)
        {
            confusion[i] = new int[k];
        }

        var lossSum = 0.0;
        for (var n = 0; n < labels.Count; n++)
        {
            var row = probabilities.Slice(n * k, k);
            var truth = labels[n];
            if (truth < 0 || truth >= k)
            {
                throw new ArgumentException($"Label {truth} at position {n} is outside 0–{k - 1}.", nameof(labels));
            }

            confusion[truth][EmotionScores.ArgMax(row)]++;
            lossSum -= Math.Log(Math.Max(row[truth], 1e-12));
        }

        return FromConfusion(confusion, lossSum / labels.Count) with { Ece = ExpectedCalibrationError(labels, probabilities) };
    }

    /// <summary>
    /// Expected calibration error (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017): the examples are
    /// put in <paramref name="bins"/> equal-width bins by their top probability, and ECE is the mean over bins, weighted
    /// by their share of examples, of |accuracy − mean top probability|. 0 is perfectly calibrated.
    /// </summary>
    public static double ExpectedCalibrationError(IReadOnlyList<int> labels, ReadOnlySpan<float> probabilities, int bins = 15)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        var k = EmotionLabels.Count;
        if (labels.Count == 0 || probabilities.Length != labels.Count * k)
        {
            throw new ArgumentException($"Expected {labels.Count * k} probabilities for {labels.Count} examples, got {probabilities.Length}.", nameof(probabilities));
        }

        var count = new int[bins];
        var right = new int[bins];
        var confidence = new double[bins];
        for (var n = 0; n < labels.Count; n++)
        {
            var row = probabilities.Slice(n * k, k);
            var top = EmotionScores.ArgMax(row);
            var p = row[top];
            var b = Math.Clamp((int)Math.Ceiling(p * bins) - 1, 0, bins - 1);
            count[b]++;
            confidence[b] += p;
            right[b] += top == labels[n] ? 1 : 0;
        }

        var ece = 0.0;
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
            {
                ece += Math.Abs(((double)right[b] / count[b]) - (confidence[b] / count[b])) * count[b] / labels.Count;
            }
        }

        return ece;
    }

    /// <summary>Computes every metric from a confusion matrix and an already-averaged loss.</summary>
    public static ClassificationReport FromConfusion(int[][] confusion, double loss)
    {
        var k = confusion.Length;
        var n = confusion.Sum(r => r.Sum());
        var correct = 0;
        var perClass = new Dictionary<string, ClassMetrics>(StringComparer.Ordinal);
        var f1Sum = 0.0;
        for (var c = 0; c < k; c++)
        {
            var tp = confusion[c][c];
            correct += tp;
            var support = confusion[c].Sum();
            var predicted = confusion.Sum(r => r[c]);
            var precision = predicted == 0 ? 0 : (double)tp / predicted;
            var recall = support == 0 ? 0 : (double)tp / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            f1Sum += f1;
            perClass[EmotionLabels.Names[c]] = new ClassMetrics(precision, recall, f1, support);
        }

        return new ClassificationReport(n == 0 ? 0 : (double)correct / n, loss, f1Sum / k, perClass, confusion, n, EmotionLabels.Names);
    }
}
