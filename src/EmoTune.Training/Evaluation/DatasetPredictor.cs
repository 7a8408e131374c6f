using EmoTune.Core.Emotions;
using EmoTune.Training.Data;

namespace EmoTune.Training.Evaluation;

/// <summary>Runs any <see cref="IBatchClassifier"/> over a dataset with the shared preprocessing (no augmentation).</summary>
public static class DatasetPredictor
{
    /// <summary>Probabilities of the images and, when <paramref name="mirrored"/>, of their horizontal mirrors.</summary>
    public static (float[] Plain, float[]? Mirrored) Predict(IBatchClassifier model, FaceDataset data, bool mirrored, int batchSize = 64, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var spec = model.Spec;
        var builder = new BatchBuilder(data, spec);
        var size = spec.InputWidth * spec.InputHeight;
        var k = EmotionLabels.Count;
        var plain = new float[data.Count * k];
        var flipped = mirrored ? new float[data.Count * k] : null;
        var buffer = new float[batchSize * size];
        var indices = Enumerable.Range(0, data.Count).ToArray();
        for (var start = 0; start < data.Count; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            var n = Math.Min(batchSize, data.Count - start);
            Run(false, plain);
            if (flipped is not null)
            {
                Run(true, flipped);
            }

            progress?.Report(start + n);

            void Run(bool flip, float[] destination)
            {
                builder.Evaluation(indices.AsSpan(start, n), buffer, flip);
                var logits = model.Logits(buffer, n);
                for (var i = 0; i < n; i++)
                {
                    EmotionScores.Softmax(logits.AsSpan(i * k, k), destination.AsSpan((start + i) * k, k));
                }
            }
        }

        return (plain, flipped);
    }

    /// <summary>Evaluates <paramref name="model"/> on <paramref name="data"/>; with <paramref name="tta"/> the image and its mirror are averaged.</summary>
    public static ClassificationReport Evaluate(IBatchClassifier model, FaceDataset data, bool tta, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var (plain, mirrored) = Predict(model, data, tta, progress: progress, ct: ct);
        return ClassificationReport.FromProbabilities(Labels(data), mirrored is null ? plain : Average(plain, mirrored));
    }

    /// <summary>Labels as ints.</summary>
    public static int[] Labels(FaceDataset data) => data.Labels.Select(l => (int)l).ToArray();

    /// <summary>Element-wise mean of two probability arrays.</summary>
    public static float[] Average(float[] a, float[] b) => a.Zip(b, (x, y) => (x + y) / 2).ToArray();
}
