using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Evaluation;

/// <summary>Runs a TorchSharp network over a dataset (no augmentation) and returns probabilities or a report.</summary>
public static class TorchEvaluator
{
    /// <summary>Class probabilities (N×7, row-major); with <paramref name="tta"/>, the mean of the image and its mirror.</summary>
    public static float[] Predict(nn.Module<Tensor, Tensor> model, FaceDataset data, EmotionModelSpec spec, bool tta, int batchSize = 64, CancellationToken ct = default)
    {
        var (plain, flipped) = PredictBoth(model, data, spec, tta, batchSize, ct);
        return flipped is null ? plain : Average(plain, flipped);
    }

    /// <summary>Probabilities of the images and, when <paramref name="mirrored"/>, of their mirrors, in one pass over the data.</summary>
    public static (float[] Plain, float[]? Mirrored) PredictBoth(nn.Module<Tensor, Tensor> model, FaceDataset data, EmotionModelSpec spec, bool mirrored, int batchSize = 64, CancellationToken ct = default)
    {
        var builder = new BatchBuilder(data, spec);
        var size = spec.InputWidth * spec.InputHeight;
        var k = EmotionLabels.Count;
        var plain = new float[data.Count * k];
        var flipped = mirrored ? new float[data.Count * k] : null;
        var buffer = new float[batchSize * size];
        var indices = Enumerable.Range(0, data.Count).ToArray();
        model.eval();
        using var noGrad = torch.no_grad();
        for (var start = 0; start < data.Count; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            var n = Math.Min(batchSize, data.Count - start);
            Run(flip: false, plain);
            if (flipped is not null)
            {
                Run(flip: true, flipped);
            }

            void Run(bool flip, float[] destination)
            {
                using var scope = torch.NewDisposeScope();
                builder.Evaluation(indices.AsSpan(start, n), buffer, flip);
                var input = torch.tensor(buffer.AsSpan(0, n * size).ToArray(), [n, 1, spec.InputHeight, spec.InputWidth]);
                var probs = nn.functional.softmax(model.forward(input), 1).contiguous();
                probs.data<float>().CopyTo(destination.AsSpan(start * k, n * k));
            }
        }

        return (plain, flipped);
    }

    /// <summary>Element-wise mean of two probability arrays.</summary>
    public static float[] Average(float[] a, float[] b) => a.Zip(b, (x, y) => (x + y) / 2).ToArray();

    /// <summary>Evaluates <paramref name="model"/> on <paramref name="data"/>.</summary>
    public static ClassificationReport Evaluate(nn.Module<Tensor, Tensor> model, FaceDataset data, EmotionModelSpec spec, bool tta, CancellationToken ct = default)
    {
        var probs = Predict(model, data, spec, tta, ct: ct);
        return ClassificationReport.FromProbabilities(data.Labels.Select(l => (int)l).ToArray(), probs);
    }
}
