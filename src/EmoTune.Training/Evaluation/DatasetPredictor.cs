using EmoTune.Core.Emotions;
using EmoTune.Training.Data;

namespace EmoTune.Training.Evaluation;

/// <summary>Runs any <see cref="IBatchClassifier"/> over a dataset with the shared preprocessing and, optionally, test-time views.</summary>
public static class DatasetPredictor
{
    /// <summary>Probabilities of the images and, when <paramref name="mirrored"/>, of their horizontal mirrors.</summary>
    public static (float[] Plain, float[]? Mirrored) Predict(IBatchClassifier model, FaceDataset data, bool mirrored, int batchSize = 64, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var probabilities = Predict(model, data, mirrored ? TestTimeView.Flip : [TestTimeView.Identity], batchSize, progress, ct);
        return (probabilities[0], mirrored ? probabilities[1] : null);
    }

    /// <summary>
    /// Probabilities (images × 7, row-major) of every view in <paramref name="views"/>, in that order: the softmax of
    /// <see cref="Logits"/> at the spec's temperature.
    /// </summary>
    public static float[][] Predict(IBatchClassifier model, FaceDataset data, IReadOnlyList<TestTimeView> views, int batchSize = 64, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var logits = Logits(model, data, views, batchSize, progress, ct);
        var k = EmotionLabels.Count;
        var temperature = model.Spec.SoftmaxTemperature;
        foreach (var view in logits)
        {
            for (var i = 0; i < data.Count; i++)
            {
                EmotionScores.Softmax(view.AsSpan(i * k, k), view.AsSpan(i * k, k), temperature);
            }
        }

        return logits;
    }

    /// <summary>Raw logits (images × 7, row-major) of every view in <paramref name="views"/>, in that order.</summary>
    public static float[][] Logits(IBatchClassifier model, FaceDataset data, IReadOnlyList<TestTimeView> views, int batchSize = 64, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var spec = model.Spec;
        var builder = new BatchBuilder(data, spec);
        var size = spec.InputWidth * spec.InputHeight;
        var k = EmotionLabels.Count;
        var all = views.Select(_ => new float[data.Count * k]).ToArray();
        var buffer = new float[batchSize * size];
        var indices = Enumerable.Range(0, data.Count).ToArray();
        for (var start = 0; start < data.Count; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            var n = Math.Min(batchSize, data.Count - start);
            for (var v = 0; v < views.Count; v++)
            {
                builder.Evaluation(indices.AsSpan(start, n), buffer, views[v]);
                model.Logits(buffer, n).AsSpan(0, n * k).CopyTo(all[v].AsSpan(start * k));
            }

            progress?.Report(start + n);
        }

        return all;
    }

    /// <summary>Evaluates <paramref name="model"/> on <paramref name="data"/>; with <paramref name="tta"/> the image and its mirror are averaged.</summary>
    public static ClassificationReport Evaluate(IBatchClassifier model, FaceDataset data, bool tta, IProgress<int>? progress = null, CancellationToken ct = default) =>
        Evaluate(model, data, tta ? TestTimeView.Flip : [TestTimeView.Identity], progress, ct);

    /// <summary>Evaluates <paramref name="model"/> on <paramref name="data"/> with the probabilities of <paramref name="views"/> averaged.</summary>
    public static ClassificationReport Evaluate(IBatchClassifier model, FaceDataset data, IReadOnlyList<TestTimeView> views, IProgress<int>? progress = null, CancellationToken ct = default) =>
        ClassificationReport.FromProbabilities(Labels(data), Average(Predict(model, data, views, progress: progress, ct: ct)));

    /// <summary>Labels as ints.</summary>
    public static int[] Labels(FaceDataset data) => data.Labels.Select(l => (int)l).ToArray();

    /// <summary>Element-wise mean of probability arrays of equal length (the arrays themselves when there is one).</summary>
    public static float[] Average(params IReadOnlyList<float[]> probabilities)
    {
        ArgumentOutOfRangeException.ThrowIfZero(probabilities.Count);
        if (probabilities.Count == 1)
        {
            return probabilities[0];
        }

        var mean = new float[probabilities[0].Length];
        foreach (var p in probabilities)
        {
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] += p[i];
            }
        }

        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] /= probabilities.Count;
        }

        return mean;
    }
}
