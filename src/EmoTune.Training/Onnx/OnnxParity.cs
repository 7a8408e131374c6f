using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Training.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Onnx;

/// <summary>Compares an exported ONNX file with the TorchSharp network it came from.</summary>
public static class OnnxParity
{
    /// <summary>Largest acceptable absolute logit difference.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Max |logit difference| on <paramref name="count"/> seeded standard-normal inputs.</summary>
    public static double MaxAbsDifference(nn.Module<Tensor, Tensor> network, string onnxPath, int seed, int count)
    {
        using var onnx = new OnnxClassifier(onnxPath);
        var spec = onnx.Spec;
        var rng = new Random(seed);
        var input = new float[count * spec.InputWidth * spec.InputHeight];
        for (var i = 0; i < input.Length; i++)
        {
            // Box–Muller: inputs spread like normalised faces, and beyond.
            input[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        }

        return MaxAbsDifference(new TorchClassifier(network, spec), onnx, input, count);
    }

    /// <summary>Max |logit difference| of two classifiers on the same batch.</summary>
    public static double MaxAbsDifference(IBatchClassifier a, IBatchClassifier b, float[] batch, int count)
    {
        var x = a.Logits(batch, count);
        var y = b.Logits(batch, count);
        return x.Zip(y, (p, q) => Math.Abs((double)p - q)).Max();
    }

    /// <summary>
    /// Share of the <paramref name="count"/> images on which <paramref name="b"/> picks the same class as
    /// <paramref name="a"/>, and the largest softmax-probability difference (for an approximate model, such as int8).
    /// </summary>
    public static (double Agreement, double MaxProbabilityDifference) Agreement(IBatchClassifier a, IBatchClassifier b, float[] batch, int count)
    {
        var x = a.Logits(batch, count);
        var y = b.Logits(batch, count);
        var classes = x.Length / count;
        var same = 0;
        var worst = 0.0;
        var p = new float[classes];
        var q = new float[classes];
        for (var i = 0; i < count; i++)
        {
            EmotionScores.Softmax(x.AsSpan(i * classes, classes), p);
            EmotionScores.Softmax(y.AsSpan(i * classes, classes), q);
            same += Array.IndexOf(p, p.Max()) == Array.IndexOf(q, q.Max()) ? 1 : 0;
            for (var k = 0; k < classes; k++)
            {
                worst = Math.Max(worst, Math.Abs((double)p[k] - q[k]));
            }
        }

        return ((double)same / count, worst);
    }

    /// <summary>Loads the spec of an ONNX file.</summary>
    public static EmotionModelSpec SpecOf(string onnxPath)
    {
        using var onnx = new OnnxClassifier(onnxPath);
        return onnx.Spec;
    }
}
