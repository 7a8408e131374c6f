using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Onnx;

/// <summary>
/// Writes an EmoTune network as ONNX: each block maps to standard operators (batch norm folded into the preceding
/// convolution, SiLU as x·sigmoid(x), dropout and stochastic depth dropped as at inference). The model's
/// <see cref="EmotionModelSpec"/> goes into the file's metadata and into a JSON file beside it.
/// </summary>
public static class OnnxExporter
{
    /// <summary>Exports <paramref name="model"/> to <paramref name="path"/> and its spec to <c>path + ".json"</c>.</summary>
    public static void Export(nn.Module<Tensor, Tensor> model, EmotionModelSpec spec, string path)
    {
        var bytes = ToBytes(model, spec);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, bytes);
        File.WriteAllText(EmotionModelSpec.SidecarPath(path), spec.ToJson());
    }

    /// <summary>The ONNX bytes of <paramref name="model"/>.</summary>
    public static byte[] ToBytes(nn.Module<Tensor, Tensor> model, EmotionModelSpec spec)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        var g = new OnnxGraphBuilder();
        g.Metadata(EmotionModelSpec.MetadataKey, spec.ToJson());
        var input = spec.InputName;
        var last = model switch
        {
            VggNet vgg => Vgg(g, vgg, input),
            EfficientNet eff => Efficient(g, eff, input),
            _ => throw new NotSupportedException($"No ONNX mapping for {model.GetType().Name}."),
        };
        var version = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0";
        return g.Build(spec.Architecture, input, [-1, 1, spec.InputHeight, spec.InputWidth], last, spec.OutputName, EmotionLabels.Count, version);
    }

    private static string Vgg(OnnxGraphBuilder g, VggNet net, string x)
    {
        var blocks = net.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            x = ConvBnAct(g, blocks[i], x);
            if (net.StageEnds.Contains(i))
            {
                x = g.Node("MaxPool", [x], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }));
            }
        }

        x = g.Node("Flatten", [x], ("axis", 1));
        x = g.Node("Relu", [Linear(g, net.Hidden, x)]);
        return Linear(g, net.Output, x);
    }

    private static string Efficient(OnnxGraphBuilder g, EfficientNet net, string x)
    {
        x = ConvBnAct(g, net.Stem, x);
        foreach (var block in net.Blocks)
        {
            var input = x;
            if (block.Expansion is { } expansion)
            {
                x = ConvBnAct(g, expansion, x);
            }

            x = ConvBnAct(g, block.Depthwise, x);
            var s = g.Node("GlobalAveragePool", [x]);
            s = Silu(g, Conv(g, block.Gate.Reduce, s, kernel: 1, stride: 1, groups: 1));
            s = g.Node("Sigmoid", [Conv(g, block.Gate.Expand, s, kernel: 1, stride: 1, groups: 1)]);
            x = g.Node("Mul", [x, s]);
            x = ConvBnAct(g, block.Projection, x);
            if (block.HasResidual)
            {
                x = g.Node("Add", [x, input]);
            }
        }

        x = ConvBnAct(g, net.Head, x);
        x = g.Node("GlobalAveragePool", [x]);
        x = g.Node("Flatten", [x], ("axis", 1));
        return Linear(g, net.Output, x);
    }

    internal static string ConvBnAct(OnnxGraphBuilder g, ConvBnAct block, string x)
    {
        var (folded, bias) = Fold(block);
        var outChannels = (int)block.OutChannels;
        var shape = block.Conv.weight!.shape;
        var w = g.Initializer(g.Name("conv_w"), folded, shape);
        var b = g.Initializer(g.Name("conv_b"), bias, outChannels);
        var y = ConvNode(g, [x, w, b], block.Kernel, block.Stride, block.Groups);
        return block.Activation switch
        {
            Activation.ReLU => g.Node("Relu", [y]),
            Activation.SiLU => Silu(g, y),
            _ => y,
        };
    }

    /// <summary>
    /// Batch norm folded into the convolution: w' = w·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε), computed in double.
    /// </summary>
    internal static (float[] Weight, float[] Bias) Fold(ConvBnAct block)
    {
        var weight = Floats(block.Conv.weight!);
        var gamma = Floats(block.Norm.weight!);
        var beta = Floats(block.Norm.bias!);
        var mean = Floats(block.Norm.running_mean!);
        var variance = Floats(block.Norm.running_var!);
        var outChannels = (int)block.OutChannels;
        var perOut = weight.Length / outChannels;
        var folded = new float[weight.Length];
        var bias = new float[outChannels];
        for (var o = 0; o < outChannels; o++)
        {
            var scale = gamma[o] / Math.Sqrt(variance[o] + ConvBnAct_Epsilon);
            for (var j = 0; j < perOut; j++)
            {
                folded[(o * perOut) + j] = (float)(weight[(o * perOut) + j] * scale);
            }

            bias[o] = (float)(beta[o] - (mean[o] * scale));
        }

        return (folded, bias);
    }

    private const double ConvBnAct_Epsilon = Models.ConvBnAct.BatchNormEpsilon;

    private static string Conv(OnnxGraphBuilder g, TorchSharp.Modules.Conv2d conv, string x, int kernel, int stride, long groups)
    {
        var w = g.Initializer(g.Name("conv_w"), Floats(conv.weight!), conv.weight!.shape);
        var inputs = new List<string> { x, w };
        if (conv.bias is { } bias)
        {
            inputs.Add(g.Initializer(g.Name("conv_b"), Floats(bias), bias.shape));
        }

        return ConvNode(g, inputs, kernel, stride, groups);
    }

    /// <summary>A square <c>Conv</c> node with "same" padding (kernel / 2 on every side); inputs are x, weight and an optional bias.</summary>
    internal static string ConvNode(OnnxGraphBuilder g, IReadOnlyList<string> inputs, int kernel, int stride, long groups)
    {
        var pad = kernel / 2;
        return g.Node(
            "Conv",
            inputs,
            ("kernel_shape", new long[] { kernel, kernel }),
            ("strides", new long[] { stride, stride }),
            ("pads", new long[] { pad, pad, pad, pad }),
            ("group", groups));
    }

    internal static string Linear(OnnxGraphBuilder g, TorchSharp.Modules.Linear linear, string x)
    {
        var w = g.Initializer(g.Name("fc_w"), Floats(linear.weight!), linear.weight!.shape);
        var b = g.Initializer(g.Name("fc_b"), Floats(linear.bias!), linear.bias!.shape);
        return g.Node("Gemm", [x, w, b], ("transB", 1));
    }

    private static string Silu(OnnxGraphBuilder g, string x) => g.Node("Mul", [x, g.Node("Sigmoid", [x])]);

    internal static float[] Floats(Tensor t)
    {
        using var c = t.detach().contiguous();
        return c.data<float>().ToArray();
    }
}
