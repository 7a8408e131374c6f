using EmoTune.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Onnx;

/// <summary>
/// Activation ranges of a <see cref="VggNet"/> measured on calibration faces: the normalised input's range and, for
/// every conv block, a high percentile of its (post-ReLU, so non-negative) output. These become the uint8 scales of an
/// int8 export.
/// </summary>
/// <param name="InputMin">Lowest normalised input value seen.</param>
/// <param name="InputMax">Highest normalised input value seen.</param>
/// <param name="BlockMax">Per conv block, the chosen upper clipping value of its output.</param>
/// <param name="Images">How many calibration images were run.</param>
public sealed record Int8Calibration(float InputMin, float InputMax, IReadOnlyList<float> BlockMax, int Images)
{
    /// <summary>Default percentile of each activation tensor used as its clipping value.</summary>
    /// <remarks>
    /// Plain maxima let a handful of outliers stretch the 255 steps; 99.99% keeps nearly every value exact and clips
    /// the rest (the usual choice of percentile calibration, e.g. Wu et al. 2020, "Integer Quantization for Deep
    /// Learning Inference").
    /// </remarks>
    public const double DefaultPercentile = 0.9999;

    /// <summary>
    /// Runs <paramref name="net"/> (in eval mode) on <paramref name="batch"/> (N×1×H×W, already normalised with the
    /// model's spec) and records the ranges.
    /// </summary>
    public static Int8Calibration Measure(VggNet net, float[] batch, int count, double percentile = DefaultPercentile, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(net);
        if (count <= 0 || batch.Length % count != 0)
        {
            throw new ArgumentException($"Calibration needs at least one image; got {count} for {batch.Length} values.", nameof(count));
        }

        net.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var side = (long)Math.Sqrt(batch.Length / count);
        var x = torch.tensor(batch, [count, 1, side, side]);
        var generator = new Generator((ulong)seed);
        var maxima = new List<float>();
        for (var i = 0; i < net.Blocks.Count; i++)
        {
            x = net.Blocks[i].forward(x);
            maxima.Add(Percentile(x, percentile, generator));
            if (net.StageEnds.Contains(i))
            {
                x = nn.functional.max_pool2d(x, 2);
            }
        }

        return new Int8Calibration(batch.Min(), batch.Max(), maxima, count);
    }

    private static float Percentile(Tensor values, double q, Generator generator)
    {
        // torch.quantile refuses very large inputs; a seeded random sample of a million values is plenty.
        var flat = values.flatten();
        const long Sample = 1 << 20;
        if (flat.numel() > Sample)
        {
            flat = flat.index_select(0, torch.randint(0, flat.numel(), [Sample], generator: generator));
        }

        using var qt = torch.tensor((float)q);
        var v = torch.quantile(flat, qt).item<float>();
        return Math.Max(v, 1e-6f);
    }
}
