using EmoTune.Core.ModelSpec;
using EmoTune.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Onnx;

/// <summary>
/// Takes the weights of a float ONNX export back into a <see cref="VggNet"/>, so training can continue from a shipped
/// model when its run folder is gone. The export folded each batch norm into its convolution (w' = w·γ/σ,
/// b' = β − μ·γ/σ), which loses γ, β and the running statistics; they are rebuilt from data: for each block, the folded
/// convolution's output y on calibration images gives per-channel mean m and variance v, and the batch norm becomes
/// running mean m, running variance v, γ = √(v + ε), β = m + b'. In evaluation that is exactly y + b' (the exported
/// function); in training, batch statistics ≈ m and v give the same output, with activations at the scale they had.
/// </summary>
public static class OnnxWeightImporter
{
    /// <summary>Loads <paramref name="path"/> into <paramref name="net"/>, calibrating batch norms on <paramref name="calibration"/> (N×1×H×W, evaluation preprocessing).</summary>
    /// <exception cref="InvalidDataException">The file is not a float export of a network shaped like <paramref name="net"/>.</exception>
    public static void Load(VggNet net, string path, Tensor calibration)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(calibration);
        var model = OnnxModelReader.Read(path);
        if (model.Metadata.TryGetValue(EmotionModelSpec.MetadataKey, out var json))
        {
            var spec = EmotionModelSpec.FromJson(json, path);
            if (!string.Equals(spec.Architecture, net.ArchitectureName, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path} holds a '{spec.Architecture}' network, not '{net.ArchitectureName}'.");
            }
        }

        var convs = model.Nodes.Where(n => n.OpType is "Conv" or "QLinearConv" or "ConvInteger").ToList();
        var gemms = model.Nodes.Where(n => n.OpType == "Gemm").ToList();
        if (convs.Any(c => c.OpType != "Conv") || model.OtherInitializers.Count > 0)
        {
            throw new InvalidDataException($"{path} is a quantised (int8) export; training can only start from a float export (emotune export without --int8).");
        }

        if (convs.Count != net.Blocks.Count || gemms.Count != 2)
        {
            throw new InvalidDataException($"{path} has {convs.Count} convolutions and {gemms.Count} dense layers; {net.ArchitectureName} has {net.Blocks.Count} and 2.");
        }

        net.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var x = calibration;
        for (var i = 0; i < convs.Count; i++)
        {
            var block = net.Blocks[i];
            var weight = Initializer(model, convs[i], 1, path);
            var bias = Initializer(model, convs[i], 2, path);
            Copy(block.Conv.weight!, weight, path);
            var y = block.Conv.forward(x);
            var mean = y.mean([0, 2, 3]);
            var variance = y.var([0, 2, 3], unbiased: false);
            block.Norm.running_mean!.copy_(mean);
            block.Norm.running_var!.copy_(variance);
            block.Norm.weight!.copy_((variance + ConvBnAct.BatchNormEpsilon).sqrt());
            block.Norm.bias!.copy_(mean + torch.tensor(bias.Values));
            x = block.forward(x);
            if (net.StageEnds.Contains(i))
            {
                x = nn.functional.max_pool2d(x, 2);
            }
        }

        Copy(net.Hidden.weight!, Initializer(model, gemms[0], 1, path), path);
        Copy(net.Hidden.bias!, Initializer(model, gemms[0], 2, path), path);
        Copy(net.Output.weight!, Initializer(model, gemms[1], 1, path), path);
        Copy(net.Output.bias!, Initializer(model, gemms[1], 2, path), path);
    }

    private static OnnxFloatTensor Initializer(OnnxModelReader model, OnnxNode node, int input, string path) =>
        input < node.Inputs.Count && model.FloatInitializers.TryGetValue(node.Inputs[input], out var t)
            ? t
            : throw new InvalidDataException($"{path}: input {input} of a {node.OpType} node is not a float initializer.");

    private static void Copy(Tensor destination, OnnxFloatTensor source, string path)
    {
        if (!destination.shape.SequenceEqual(source.Dims))
        {
            throw new InvalidDataException($"{path}: a weight of shape [{string.Join(",", source.Dims)}] where the network has [{string.Join(",", destination.shape)}].");
        }

        using var values = torch.tensor(source.Values, destination.shape);
        destination.copy_(values);
    }
}
