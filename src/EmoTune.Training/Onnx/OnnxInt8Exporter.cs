using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Onnx;

/// <summary>
/// Writes a <see cref="VggNet"/> as an int8 ONNX model in the QDQ format: every convolution gets per-channel symmetric
/// int8 weights (7-bit range, see <see cref="MaxWeight"/>), an int32 bias and uint8 activations scaled from an <see cref="Int8Calibration"/>; the classifier stays
/// float. ONNX Runtime fuses each DequantizeLinear → Conv → Relu → QuantizeLinear group into one integer convolution.
/// </summary>
/// <remarks>
/// Why: the float vgg is compute-bound at about 1.3 ms per face at batch 32 on two cores (docs/BENCHMARKS.md), and
/// integer convolutions use the CPU's VNNI dot-product instructions. Pattern as written by ONNX Runtime's own
/// quantisation tool (onnxruntime/python/tools/quantization, QuantFormat.QDQ, per_channel=True).
/// </remarks>
public static class OnnxInt8Exporter
{
    /// <summary>Exports <paramref name="net"/> quantised with <paramref name="calibration"/> to <paramref name="path"/> (+ spec JSON).</summary>
    public static void Export(VggNet net, EmotionModelSpec spec, Int8Calibration calibration, string path, bool floatFirstLayer = true)
    {
        var bytes = ToBytes(net, spec, calibration, floatFirstLayer);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, bytes);
        File.WriteAllText(EmotionModelSpec.SidecarPath(path), spec.ToJson());
    }

    /// <summary>The int8 ONNX bytes of <paramref name="net"/>.</summary>
    /// <param name="net">The network.</param>
    /// <param name="spec">Its spec, written into the model's metadata.</param>
    /// <param name="calibration">The activation ranges.</param>
    /// <param name="floatFirstLayer">
    /// Keep the first convolution in float (its output is quantised as before). It has one input channel, which integer
    /// kernels handle badly: in onnxruntime-web it took 10.5 % of the int8 model's time against 0.9 % for the same
    /// layer in float (scripts/wasm-profile.mjs, docs/BENCHMARKS.md).
    /// </param>
    public static byte[] ToBytes(VggNet net, EmotionModelSpec spec, Int8Calibration calibration, bool floatFirstLayer = true)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(calibration);
        if (calibration.BlockMax.Count != net.Blocks.Count)
        {
            throw new ArgumentException($"Calibration has {calibration.BlockMax.Count} block ranges for {net.Blocks.Count} blocks.", nameof(calibration));
        }

        net.eval();
        using var noGrad = torch.no_grad();
        var g = new OnnxGraphBuilder();
        g.Metadata(EmotionModelSpec.MetadataKey, spec.ToJson());
        g.Metadata("emotune.quantization", $"int8 QDQ, per-channel 7-bit weights, uint8 activations calibrated on {calibration.Images} training faces{(floatFirstLayer ? "; first convolution in float" : "")}");

        // Input: asymmetric uint8 over the calibrated range (0 must be representable exactly for the conv padding).
        var min = Math.Min(0f, calibration.InputMin);
        var max = Math.Max(0f, calibration.InputMax);
        var inputScale = (max - min) / 255f;
        var inputZero = (byte)Math.Clamp(Math.Round(-min / inputScale), 0, 255);
        var x = floatFirstLayer ? spec.InputName : QuantDequant(g, spec.InputName, inputScale, inputZero);
        var scale = inputScale;
        for (var i = 0; i < net.Blocks.Count; i++)
        {
            var outScale = calibration.BlockMax[i] / 255f;
            var y = i == 0 && floatFirstLayer ? OnnxExporter.ConvBnAct(g, net.Blocks[i], x) : ConvRelu(g, net.Blocks[i], x, scale);
            x = QuantDequant(g, y, outScale, 0);
            scale = outScale;
            if (net.StageEnds.Contains(i))
            {
                x = QuantDequant(g, g.Node("MaxPool", [x], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })), scale, 0);
            }
        }

        x = g.Node("Flatten", [x], ("axis", 1));
        x = g.Node("Relu", [OnnxExporter.Linear(g, net.Hidden, x)]);
        var last = OnnxExporter.Linear(g, net.Output, x);
        var version = typeof(OnnxInt8Exporter).Assembly.GetName().Version?.ToString() ?? "0";
        return g.Build(spec.Architecture, spec.InputName, [-1, 1, spec.InputHeight, spec.InputWidth], last, spec.OutputName, EmotionLabels.Count, version);
    }

    private static string QuantDequant(OnnxGraphBuilder g, string x, float scale, byte zeroPoint)
    {
        var s = g.FloatScalar(g.Name("scale"), scale);
        var z = g.UInt8Initializer(g.Name("zero"), [zeroPoint]);
        var q = g.Node("QuantizeLinear", [x, s, z]);
        return g.Node("DequantizeLinear", [q, s, z]);
    }

    /// <summary>
    /// Largest magnitude of a quantised weight: 7 bits, not 8. On x86 CPUs without VNNI (AVX2 only), ONNX Runtime's
    /// uint8 × int8 kernels multiply with <c>vpmaddubsw</c>, which adds two products into a saturating int16: with
    /// weights up to 127 a pair reaches 2 × 255 × 127 = 64,770 and is clipped at 32,767, which cost the shipped model
    /// 1.5 points of accuracy on an AVX2 machine. With 63, a pair stays at most 2 × 255 × 63 = 32,130 (ONNX Runtime's
    /// quantiser calls this <c>reduce_range</c>). VNNI machines compute the same result either way.
    /// </summary>
    public const int MaxWeight = 63;

    /// <summary>Per-channel symmetric quantisation of one output channel's weights to ±<see cref="MaxWeight"/>; returns the scale.</summary>
    public static float QuantizeWeights(ReadOnlySpan<float> row, Span<sbyte> destination)
    {
        var absMax = 0f;
        foreach (var w in row)
        {
            absMax = Math.Max(absMax, Math.Abs(w));
        }

        var s = absMax > 0 ? absMax / MaxWeight : 1f;
        for (var j = 0; j < row.Length; j++)
        {
            destination[j] = (sbyte)Math.Clamp(Math.Round(row[j] / s), -MaxWeight, MaxWeight);
        }

        return s;
    }

    private static string ConvRelu(OnnxGraphBuilder g, ConvBnAct block, string x, float inputScale)
    {
        if (block.Activation != Activation.ReLU || block.Groups != 1)
        {
            throw new NotSupportedException("The int8 export handles plain conv-BN-ReLU blocks (the vgg family).");
        }

        var (weight, bias) = OnnxExporter.Fold(block);
        var outChannels = (int)block.OutChannels;
        var perOut = weight.Length / outChannels;
        var q = new sbyte[weight.Length];
        var weightScales = new float[outChannels];
        var biasScales = new float[outChannels];
        var qBias = new int[outChannels];
        for (var o = 0; o < outChannels; o++)
        {
            var s = QuantizeWeights(weight.AsSpan(o * perOut, perOut), q.AsSpan(o * perOut, perOut));
            weightScales[o] = s;
            biasScales[o] = inputScale * s;
            qBias[o] = (int)Math.Clamp(Math.Round(bias[o] / biasScales[o]), int.MinValue, int.MaxValue);
        }

        var shape = block.Conv.weight!.shape;
        var w8 = g.Int8Initializer(g.Name("conv_wq"), q, shape);
        var ws = g.Initializer(g.Name("conv_ws"), weightScales, outChannels);
        var wz = g.Int8Initializer(g.Name("conv_wz"), new sbyte[outChannels], outChannels);
        var wDq = g.Node("DequantizeLinear", [w8, ws, wz], ("axis", 0));
        var b32 = g.Int32Initializer(g.Name("conv_bq"), qBias, outChannels);
        var bs = g.Initializer(g.Name("conv_bs"), biasScales, outChannels);
        var bz = g.Int32Initializer(g.Name("conv_bz"), new int[outChannels], outChannels);
        var bDq = g.Node("DequantizeLinear", [b32, bs, bz], ("axis", 0));
        var y = OnnxExporter.ConvNode(g, [x, wDq, bDq], block.Kernel, block.Stride, block.Groups);
        return g.Node("Relu", [y]);
    }
}
