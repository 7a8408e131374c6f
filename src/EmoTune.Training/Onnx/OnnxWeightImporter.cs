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
/// <para>
/// A narrower network of the same depth (e.g. <c>vgg-slim</c> from a <c>vgg</c> export) gets a pruned copy: each
/// convolution keeps its filters of largest L1 norm (Li et al. 2017, "Pruning Filters for Efficient ConvNets"; the norm of
/// the folded filter, so the batch norm's scale counts), the next convolution and the hidden dense layer keep the matching
/// input channels, and the batch norms are rebuilt as above. The pruned network computes an approximation of the
/// export, to be fine-tuned (best with the export as <c>--teacher</c>).
/// </para>
/// </summary>
public static class OnnxWeightImporter
{
    /// <summary>How a pruned import chooses its channels, as logs and reports say it.</summary>
    public const string PruningRule = "each convolution's filters of largest L1 norm kept";

    /// <summary>
    /// Loads <paramref name="path"/> into <paramref name="net"/>, calibrating batch norms on <paramref name="calibration"/>
    /// (N×1×H×W, evaluation preprocessing); pruned when <paramref name="net"/> is narrower than the export.
    /// </summary>
    /// <returns>True when channels were pruned, false for an exact copy.</returns>
    /// <exception cref="InvalidDataException">The file is not a float export of a network shaped like <paramref name="net"/> or a wider one of the same depth.</exception>
    public static bool Load(VggNet net, string path, Tensor calibration)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(calibration);
        var model = OnnxModelReader.Read(path);
        var source = "a network";
        if (model.Metadata.TryGetValue(EmotionModelSpec.MetadataKey, out var json))
        {
            var spec = EmotionModelSpec.FromJson(json, path);
            if (!spec.Architecture.StartsWith("vgg", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path} holds a '{spec.Architecture}' network, not '{net.ArchitectureName}'.");
            }

            source = $"a '{spec.Architecture}' network";
        }

        var convs = model.Nodes.Where(n => n.OpType is "Conv" or "QLinearConv" or "ConvInteger").ToList();
        var gemms = model.Nodes.Where(n => n.OpType == "Gemm").ToList();
        if (convs.Any(c => c.OpType != "Conv") || model.OtherInitializers.Count > 0)
        {
            throw new InvalidDataException($"{path} is a quantised (int8) export; training can only start from a float export (emotune export without --int8).");
        }

        if (convs.Count != net.Blocks.Count || gemms.Count != 2)
        {
            throw new InvalidDataException($"{path} holds {source} with {convs.Count} convolutions and {gemms.Count} dense layers; '{net.ArchitectureName}' has {net.Blocks.Count} and 2.");
        }

        net.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var x = calibration;
        long[] kept = [0];
        long sourceChannels = 1;
        var pruned = false;
        for (var i = 0; i < convs.Count; i++)
        {
            var block = net.Blocks[i];
            var weights = Initializer(model, convs[i], 1, path);
            var target = block.Conv.weight!.shape;
            if (weights.Dims.Length != 4 || weights.Dims[1] != sourceChannels || weights.Dims[0] < target[0] || weights.Dims[2] != target[2] || weights.Dims[3] != target[3])
            {
                throw new InvalidDataException($"{path}: convolution {i + 1} of {source} has weights of shape [{string.Join(",", weights.Dims)}]; '{net.ArchitectureName}' needs [{string.Join(",", target)}] or a wider one to prune.");
            }

            using var full = torch.tensor(weights.Values, weights.Dims);
            var outputs = Strongest(full, (int)target[0]);
            pruned |= outputs.Length != weights.Dims[0];
            block.Conv.weight!.copy_(full.index_select(0, torch.tensor(outputs)).index_select(1, torch.tensor(kept)));
            var bias = torch.tensor(Initializer(model, convs[i], 2, path).Values).index_select(0, torch.tensor(outputs));
            var y = block.Conv.forward(x);
            var mean = y.mean([0, 2, 3]);
            var variance = y.var([0, 2, 3], unbiased: false);
            block.Norm.running_mean!.copy_(mean);
            block.Norm.running_var!.copy_(variance);
            block.Norm.weight!.copy_((variance + ConvBnAct.BatchNormEpsilon).sqrt());
            block.Norm.bias!.copy_(mean + bias);
            x = block.forward(x);
            if (net.StageEnds.Contains(i))
            {
                x = nn.functional.max_pool2d(x, 2);
            }

            kept = outputs;
            sourceChannels = weights.Dims[0];
        }

        // The hidden layer reads the flattened C×S×S map, channel-major: it keeps the columns of the kept channels.
        var hidden = Initializer(model, gemms[0], 1, path);
        var cells = net.FinalSide * net.FinalSide;
        var columns = kept.SelectMany(c => Enumerable.Range(0, cells).Select(p => (c * cells) + p)).ToArray();
        if (hidden.Dims.Length != 2 || hidden.Dims[1] != sourceChannels * cells || hidden.Dims[0] != net.Hidden.weight!.shape[0])
        {
            throw new InvalidDataException($"{path}: the hidden dense layer of {source} has weights of shape [{string.Join(",", hidden.Dims)}]; '{net.ArchitectureName}' needs [{string.Join(",", net.Hidden.weight!.shape)}] or one with more inputs to prune.");
        }

        using (var w = torch.tensor(hidden.Values, hidden.Dims))
        {
            net.Hidden.weight!.copy_(w.index_select(1, torch.tensor(columns)));
        }

        Copy(net.Hidden.bias!, Initializer(model, gemms[0], 2, path), path);
        Copy(net.Output.weight!, Initializer(model, gemms[1], 1, path), path);
        Copy(net.Output.bias!, Initializer(model, gemms[1], 2, path), path);
        return pruned;
    }

    /// <summary>Indices (ascending) of the <paramref name="count"/> filters of <paramref name="weights"/> (O×I×k×k) with the largest L1 norm.</summary>
    private static long[] Strongest(Tensor weights, int count)
    {
        var norms = weights.abs().sum([1, 2, 3]).data<float>().ToArray();
        return Enumerable.Range(0, norms.Length)
            .OrderByDescending(i => norms[i]).ThenBy(i => i)
            .Take(count)
            .Order()
            .Select(i => (long)i)
            .ToArray();
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
