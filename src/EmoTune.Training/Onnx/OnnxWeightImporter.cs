using EmoTune.Core.ModelSpec;
using EmoTune.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Onnx;

/// <summary>
/// Takes the weights of a float ONNX export back into a <see cref="VggNet"/> or an <see cref="EfficientNet"/>, so training
/// can continue from a shipped model when its run folder is gone. The export folded each batch norm into its convolution
/// (w' = w·γ/σ, b' = β − μ·γ/σ), which loses γ, β and the running statistics; they are rebuilt from data: for each block,
/// the folded convolution's output y on calibration images gives per-channel mean m and variance v, and the batch norm becomes
/// running mean m, running variance v, γ = √(v + ε), β = m + b'. In evaluation that is exactly y + b' (the exported
/// function); in training, batch statistics ≈ m and v give the same output, with activations at the scale they had.
/// <para>
/// An EfficientNet is taken from an export of the same architecture only (the same widths and depths; the first layer
/// whose shape differs is named): each convolution, in the order <see cref="OnnxExporter"/> writes them, gets the folded
/// weights, the squeeze-and-excitation convolutions and the classifier their own, and every batch norm is rebuilt as above,
/// its statistics measured in one pass over the calibration images.
/// </para>
/// <para>
/// A narrower network of the same depth (e.g. <c>vgg-slim</c> from a <c>vgg</c> export) gets a pruned copy: each
/// convolution keeps its filters of largest L1 norm (Li et al. 2017, "Pruning Filters for Efficient ConvNets"; the norm of
/// the folded filter, so the batch norm's scale counts); the next convolution, which reads fewer channels, is fitted by
/// least squares on the calibration images to the export's output from the inputs the pruned network gives it (as for a
/// shortened stage, below), and the hidden dense layer keeps the matching input columns; the batch norms are rebuilt as
/// above. The pruned network computes an approximation of the export, to be fine-tuned (best with the export as
/// <c>--teacher</c>).
/// </para>
/// <para>
/// A wider network of the same depth (e.g. <c>vgg-wide</c> from a <c>vgg</c> export) gets the export's channels first and
/// new ones after them: the new filters and hidden units keep their random initialisation, and every weight by which an
/// exported channel or unit would read a new one is zero, as is the output layer's reading of the new hidden units. So
/// the wider network computes exactly the export's function at the start, and training grows the new channels into it
/// (their readers get gradients at once, since the new channels' activations are not zero).
/// </para>
/// <para>
/// A shallower network with as many stages (e.g. <c>vgg-lite</c>, 1-1-2-2 convolutions, from a <c>vgg</c> export, 2-2-2-2)
/// copies the first convolutions of each of the export's stages; the last convolution of a shorter stage stands for the
/// rest of the export's stage and is fitted by least squares, on the calibration images, to their output before the ReLU
/// (the channels kept are the strongest of the export's last convolution, which the next stage reads), from the inputs
/// the shorter network itself gives it (layer-wise reconstruction, as in He et al. 2017, "Channel Pruning for
/// Accelerating Very Deep Neural Networks"). One convolution cannot compute two with a ReLU between them, so the function
/// is approximated (exactly kept where the replaced convolutions are linear on these images), and the network is to be
/// fine-tuned, as after pruning.
/// </para>
/// </summary>
public static class OnnxWeightImporter
{
    /// <summary>How a pruned import chooses its channels, as logs and reports say it.</summary>
    public const string PruningRule = "each convolution's filters of largest L1 norm kept, the next one fitted by least squares to the export's output";

    /// <summary>How a widened import fills its new channels, as logs and reports say it.</summary>
    public const string WideningRule = "new channels random and unread at first, so it starts with the export's function";

    /// <summary>How a shortened import chooses its convolutions, as logs and reports say it.</summary>
    public const string ShorteningRule = "each stage's first convolutions kept, its last one fitted by least squares to the output of the convolutions it replaces";

    /// <summary>How an import changed the exported network's widths to fit the target.</summary>
    [Flags]
    public enum Resize
    {
        /// <summary>Same widths: an exact copy.</summary>
        None = 0,

        /// <summary>Some layer of the target is narrower: channels were pruned.</summary>
        Pruned = 1,

        /// <summary>Some layer of the target is wider: channels were added.</summary>
        Widened = 2,

        /// <summary>Some stage of the target has fewer convolutions: the later ones of the export's stage were dropped.</summary>
        Shortened = 4,
    }

    /// <summary>"shortened (rule)", "pruned (rule)", "widened (rule)" or several joined by "and", for logs and reports; empty for <see cref="Resize.None"/>.</summary>
    public static string Describe(Resize resize)
    {
        var parts = new List<(string Verb, string Rule)>();
        if (resize.HasFlag(Resize.Shortened))
        {
            parts.Add(("shortened", ShorteningRule));
        }

        if (resize.HasFlag(Resize.Pruned))
        {
            parts.Add(("pruned", PruningRule));
        }

        if (resize.HasFlag(Resize.Widened))
        {
            parts.Add(("widened", WideningRule));
        }

        return parts.Count == 0 ? "" : $"{string.Join(" and ", parts.Select(p => p.Verb))} ({string.Join("; ", parts.Select(p => p.Rule))})";
    }

    /// <summary>
    /// Loads <paramref name="path"/> into <paramref name="net"/>, calibrating batch norms on <paramref name="calibration"/>
    /// (N×1×H×W, evaluation preprocessing); pruned where <paramref name="net"/> is narrower than the export, widened where it is wider.
    /// </summary>
    /// <returns>How the widths changed (<see cref="Resize.None"/> for an exact copy).</returns>
    /// <exception cref="InvalidDataException">The file is not a float export of a vgg network with as many stages as <paramref name="net"/>, each at least as deep.</exception>
    public static Resize Load(VggNet net, string path, Tensor calibration)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(calibration);
        var model = OnnxModelReader.Read(path);
        var (source, plans, gemms, shortened) = Layers(model, net, path);
        net.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var x = calibration;
        // The export's own activations, the targets of fitted blocks; followed only when some block is fitted (a shortened
        // stage or a pruned layer), so exact and widened imports cost what they did.
        var exportedX = calibration;
        var fits = shortened || plans.Zip(net.Blocks).Any(p => Initializer(model, p.First[^1], 1, path).Dims[0] > p.Second.Conv.weight!.shape[0]);
        long[] kept = [0];
        long sourceChannels = 1;
        var resize = shortened ? Resize.Shortened : Resize.None;
        for (var i = 0; i < plans.Count; i++)
        {
            var block = net.Blocks[i];
            var consumed = plans[i];
            var first = Initializer(model, consumed[0], 1, path);
            var weights = Initializer(model, consumed[^1], 1, path);
            var target = block.Conv.weight!.shape;
            if (first.Dims.Length != 4 || first.Dims[1] != sourceChannels || weights.Dims.Length != 4 || weights.Dims[2] != target[2] || weights.Dims[3] != target[3])
            {
                throw new InvalidDataException($"{path}: convolution {i + 1} of {source} has weights of shape [{string.Join(",", weights.Dims)}]; '{net.ArchitectureName}' needs [{string.Join(",", target)}] (any number of filters).");
            }

            using var full = torch.tensor(weights.Values, weights.Dims);
            var outputs = weights.Dims[0] > target[0]
                ? Strongest(full, (int)target[0])
                : Enumerable.Range(0, (int)weights.Dims[0]).Select(c => (long)c).ToArray();
            resize |= Change(weights.Dims[0], target[0]);
            var exportedOutput = fits ? Follow(model, consumed, ref exportedX, path) : null;

            // The exported channels take the first places, in and out; the rest are new. Exported filters read new
            // input channels with zero weights, new filters keep their random ones.
            var w = block.Conv.weight!;
            var exported = w.narrow(0, 0, outputs.Length);
            var bias = torch.zeros(target[0]);
            if (consumed.Count == 1 && kept.Length == sourceChannels)
            {
                exported.zero_();
                exported.narrow(1, 0, kept.Length).copy_(full.index_select(0, torch.tensor(outputs)).index_select(1, torch.tensor(kept)));
                bias.narrow(0, 0, outputs.Length).copy_(torch.tensor(Initializer(model, consumed[0], 2, path).Values).index_select(0, torch.tensor(outputs)));
            }
            else
            {
                // This block stands for several of the export's convolutions, or reads fewer channels than the export's: fit
                // it to the export's output on the calibration images, from the inputs this network gives it.
                var (fitted, fittedBias) = FitConvolution(x, exportedOutput!.index_select(1, torch.tensor(outputs)), (int)target[2]);
                exported.copy_(fitted);
                bias.narrow(0, 0, outputs.Length).copy_(fittedBias);
            }

            if (fits && net.StageEnds.Contains(i))
            {
                exportedX = nn.functional.max_pool2d(exportedX, 2);
            }

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

        // The hidden layer reads the flattened C×S×S map, channel-major: the exported units read the kept channels' columns
        // (the first kept×S×S), and nothing new; new units (a wider hidden layer) keep their random weights and are not
        // read by the output layer at first.
        var hidden = Initializer(model, gemms[0], 1, path);
        var units = net.Hidden.weight!.shape[0];
        var cells = net.FinalSide * net.FinalSide;
        if (hidden.Dims.Length != 2 || hidden.Dims[1] != sourceChannels * cells || hidden.Dims[0] > units)
        {
            throw new InvalidDataException($"{path}: the hidden dense layer of {source} has weights of shape [{string.Join(",", hidden.Dims)}]; '{net.ArchitectureName}' needs [{string.Join(",", net.Hidden.weight!.shape)}] (any number of inputs, at most {units} units).");
        }

        resize |= Change(hidden.Dims[0], units);
        var exportedUnits = (int)hidden.Dims[0];
        var columns = kept.SelectMany(c => Enumerable.Range(0, cells).Select(p => (c * cells) + p)).ToArray();
        using (var w = torch.tensor(hidden.Values, hidden.Dims))
        {
            var rows = net.Hidden.weight!.narrow(0, 0, exportedUnits);
            rows.zero_();
            rows.narrow(1, 0, columns.Length).copy_(w.index_select(1, torch.tensor(columns)));
        }

        var hiddenBias = Initializer(model, gemms[0], 2, path);
        net.Hidden.bias!.zero_();
        Copy(net.Hidden.bias!.narrow(0, 0, exportedUnits), hiddenBias, path);
        var output = Initializer(model, gemms[1], 1, path);
        if (output.Dims.Length != 2 || output.Dims[1] != exportedUnits)
        {
            throw new InvalidDataException($"{path}: the output layer of {source} has weights of shape [{string.Join(",", output.Dims)}] after {exportedUnits} hidden units.");
        }

        net.Output.weight!.zero_();
        Copy(net.Output.weight!.narrow(1, 0, exportedUnits), output, path);
        Copy(net.Output.bias!, Initializer(model, gemms[1], 2, path), path);
        return resize;
    }

    /// <summary>
    /// Loads <paramref name="path"/>, a float export of the same EfficientNet (the same widths and depths), into
    /// <paramref name="net"/>, calibrating batch norms on <paramref name="calibration"/> (N×1×H×W, evaluation preprocessing).
    /// </summary>
    /// <returns><see cref="Resize.None"/>: an EfficientNet is only copied, never resized.</returns>
    /// <exception cref="InvalidDataException">The file is not a float export of an EfficientNet, or some layer's shape differs from <paramref name="net"/>'s (the message names the first).</exception>
    public static Resize Load(EfficientNet net, string path, Tensor calibration)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(calibration);
        var model = OnnxModelReader.Read(path);
        var source = Source(model, net.ArchitectureName, "efficientnet", path);
        var (convs, gemms) = FloatLayers(model, path);
        var targets = Targets(net);
        for (var i = 0; i < Math.Min(convs.Count, targets.Count); i++)
        {
            var weights = Initializer(model, convs[i], 1, path);
            var shape = targets[i].Conv.weight!.shape;
            if (!weights.Dims.SequenceEqual(shape))
            {
                throw new InvalidDataException($"{path}: convolution {i + 1} of {source} has weights of shape [{string.Join(",", weights.Dims)}]; {targets[i].Label} of '{net.ArchitectureName}' needs [{string.Join(",", shape)}].");
            }
        }

        if (convs.Count != targets.Count || gemms.Count != 1)
        {
            throw new InvalidDataException($"{path} holds {source} with {convs.Count} convolutions and {gemms.Count} dense layers; '{net.ArchitectureName}' has {targets.Count} and 1.");
        }

        net.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();

        // Each block's batch norm first passes the folded convolution's output on unchanged, plus its bias b'
        // (mean 0, variance 1 − ε, γ 1, β b'): the network computes exactly the export's function.
        var biases = new Dictionary<ConvBnAct, Tensor>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < targets.Count; i++)
        {
            var (_, conv, block) = targets[i];
            Copy(conv.weight!, Initializer(model, convs[i], 1, path), path);
            var bias = Initializer(model, convs[i], 2, path);
            if (block is null)
            {
                Copy(conv.bias!, bias, path);
                continue;
            }

            var b = torch.zeros(block.OutChannels);
            Copy(b, bias, path);
            biases[block] = b;
            block.Norm.running_mean!.zero_();
            block.Norm.running_var!.fill_(1 - ConvBnAct.BatchNormEpsilon);
            block.Norm.weight!.fill_(1);
            block.Norm.bias!.copy_(b);
        }

        var output = Initializer(model, gemms[0], 1, path);
        if (!output.Dims.SequenceEqual(net.Output.weight!.shape))
        {
            throw new InvalidDataException($"{path}: the output layer of {source} has weights of shape [{string.Join(",", output.Dims)}]; '{net.ArchitectureName}' needs [{string.Join(",", net.Output.weight!.shape)}].");
        }

        Copy(net.Output.weight!, output, path);
        Copy(net.Output.bias!, Initializer(model, gemms[0], 2, path), path);

        // Then each becomes mean m, variance v (of the convolution's output on the calibration images), γ = √(v + ε),
        // β = m + b': the same function in evaluation, and in training batch statistics ≈ m and v give it too. The
        // first state leaves every activation as the export's, so one pass measures all of them.
        foreach (var (block, mean, variance) in Statistics(net, calibration))
        {
            block.Norm.running_mean!.copy_(mean);
            block.Norm.running_var!.copy_(variance);
            block.Norm.weight!.copy_((variance + ConvBnAct.BatchNormEpsilon).sqrt());
            block.Norm.bias!.copy_(mean + biases[block]);
        }

        return Resize.None;
    }

    /// <summary>
    /// The convolutions of <paramref name="net"/> in the order <see cref="OnnxExporter"/> writes them, each with what to
    /// call it in messages and its <see cref="ConvBnAct"/> (null for the squeeze-and-excitation convolutions, which have a bias).
    /// </summary>
    private static List<(string Label, TorchSharp.Modules.Conv2d Conv, ConvBnAct? Block)> Targets(EfficientNet net)
    {
        var targets = new List<(string, TorchSharp.Modules.Conv2d, ConvBnAct?)> { ("the stem", net.Stem.Conv, net.Stem) };
        for (var i = 0; i < net.Blocks.Count; i++)
        {
            var block = net.Blocks[i];
            var name = $"MBConv block {i + 1}";
            if (block.Expansion is { } expansion)
            {
                targets.Add(($"the expansion of {name}", expansion.Conv, expansion));
            }

            targets.Add(($"the depthwise convolution of {name}", block.Depthwise.Conv, block.Depthwise));
            targets.Add(($"the squeeze convolution of {name}", block.Gate.Reduce, null));
            targets.Add(($"the excitation convolution of {name}", block.Gate.Expand, null));
            targets.Add(($"the projection of {name}", block.Projection.Conv, block.Projection));
        }

        targets.Add(("the head", net.Head.Conv, net.Head));
        return targets;
    }

    /// <summary>
    /// Per-channel mean and (biased) variance of every <see cref="ConvBnAct"/>'s convolution output over
    /// <paramref name="calibration"/>, in evaluation mode, accumulated in double precision a few images at a time.
    /// </summary>
    /// <remarks>
    /// The blocks call their batch norm's <c>forward</c>, not <c>call</c>, and TorchSharp runs forward hooks only in
    /// <c>call</c>; so this walks the network as <see cref="EfficientNet.forward"/> and <see cref="MBConv.forward"/> do in evaluation (no
    /// dropout, no stochastic depth); the tests check the result against the export.
    /// </remarks>
    private static List<(ConvBnAct Block, Tensor Mean, Tensor Variance)> Statistics(EfficientNet net, Tensor calibration)
    {
        var sums = new Dictionary<ConvBnAct, (Tensor Sum, Tensor Squares)>(ReferenceEqualityComparer.Instance);
        var counts = new Dictionary<ConvBnAct, long>(ReferenceEqualityComparer.Instance);
        Tensor Run(ConvBnAct block, Tensor x)
        {
            var y = block.Conv.forward(x);
            var wide = y.to_type(ScalarType.Float64);
            if (!sums.TryGetValue(block, out var sum))
            {
                sum = (torch.zeros(block.OutChannels, ScalarType.Float64).MoveToOuterDisposeScope(), torch.zeros(block.OutChannels, ScalarType.Float64).MoveToOuterDisposeScope());
                sums[block] = sum;
                counts[block] = 0;
            }

            sum.Sum.add_(wide.sum([0, 2, 3]));
            sum.Squares.add_(wide.square().sum([0, 2, 3]));
            counts[block] += y.shape[0] * y.shape[2] * y.shape[3];
            y = block.Norm.forward(y);
            return block.Activation switch
            {
                Activation.ReLU => nn.functional.relu(y),
                Activation.SiLU => nn.functional.silu(y),
                _ => y,
            };
        }

        const int Chunk = 32;
        for (long start = 0; start < calibration.shape[0]; start += Chunk)
        {
            using var inner = torch.NewDisposeScope();
            var x = Run(net.Stem, calibration.narrow(0, start, Math.Min(Chunk, calibration.shape[0] - start)));
            foreach (var block in net.Blocks)
            {
                var input = x;
                x = block.Expansion is { } expansion ? Run(expansion, x) : x;
                x = Run(block.Projection, block.Gate.forward(Run(block.Depthwise, x)));
                x = block.HasResidual ? x + input : x;
            }

            Run(net.Head, x);
        }

        return [.. sums.Select(p =>
        {
            var mean = p.Value.Sum / counts[p.Key];
            var variance = ((p.Value.Squares / counts[p.Key]) - mean.square()).clamp_min(0);
            return (p.Key, mean.to_type(ScalarType.Float32), variance.to_type(ScalarType.Float32));
        })];
    }

    /// <summary>How <see cref="Load(VggNet, string, Tensor)"/> would change the widths of the export at <paramref name="path"/> to fit <paramref name="net"/>, without loading it.</summary>
    /// <exception cref="InvalidDataException">As for <see cref="Load(VggNet, string, Tensor)"/>.</exception>
    public static Resize Compare(VggNet net, string path)
    {
        ArgumentNullException.ThrowIfNull(net);
        var model = OnnxModelReader.Read(path);
        var (_, plans, gemms, shortened) = Layers(model, net, path);
        var widths = plans.Select(c => Initializer(model, c[^1], 1, path).Dims[0])
            .Append(Initializer(model, gemms[0], 1, path).Dims[0]);
        var targets = net.Blocks.Select(b => b.Conv.weight!.shape[0]).Append(net.Hidden.weight!.shape[0]);
        return widths.Zip(targets).Aggregate(shortened ? Resize.Shortened : Resize.None, (r, p) => r | Change(p.First, p.Second));
    }

    /// <summary>What fitting a layer of <paramref name="exported"/> channels or units into one of <paramref name="target"/> does.</summary>
    private static Resize Change(long exported, long target) =>
        exported > target ? Resize.Pruned : exported < target ? Resize.Widened : Resize.None;

    /// <summary>
    /// For each of <paramref name="net"/>'s blocks, the export's convolutions it stands for: one, or, for the last block
    /// of a stage shallower than the export's (<c>Shortened</c>), the rest of the export's stage; and the two dense layers.
    /// </summary>
    private static (string Source, List<List<OnnxNode>> Plans, List<OnnxNode> Gemms, bool Shortened) Layers(OnnxModelReader model, VggNet net, string path)
    {
        var source = Source(model, net.ArchitectureName, "vgg", path);
        var (convs, gemms) = FloatLayers(model, path);

        // Stages end at a MaxPool. The same depths: every convolution in order. Another depth: the first convolutions of
        // each exported stage, the last block standing for the rest, if every stage of the target is at most as deep as
        // the export's.
        var stages = new List<List<OnnxNode>> { new() };
        foreach (var node in model.Nodes)
        {
            if (node.OpType == "Conv")
            {
                stages[^1].Add(node);
            }
            else if (node.OpType == "MaxPool" && stages[^1].Count > 0)
            {
                stages.Add([]);
            }
        }

        stages.RemoveAll(stage => stage.Count == 0);
        if (gemms.Count == 2 && stages.Select(stage => stage.Count).SequenceEqual(net.Depths))
        {
            return (source, [.. convs.Select(c => new List<OnnxNode> { c })], gemms, false);
        }

        if (gemms.Count == 2 && stages.Count == net.Depths.Count && stages.Zip(net.Depths).All(p => p.Second <= p.First.Count))
        {
            var plans = stages.Zip(net.Depths).SelectMany(p => Enumerable.Range(0, p.Second)
                .Select(j => j < p.Second - 1 ? [p.First[j]] : p.First.Skip(j).ToList()));
            return (source, [.. plans], gemms, true);
        }

        throw new InvalidDataException($"{path} holds {source} with {convs.Count} convolutions ({string.Join("-", stages.Select(stage => stage.Count))} per stage) and {gemms.Count} dense layers; '{net.ArchitectureName}' has {net.Blocks.Count} ({string.Join("-", net.Depths)}) and 2, and can only drop convolutions from stages it has.");
    }

    /// <summary>
    /// "a 'name' network" from the export's spec ("a network" without one), if its architecture is of the
    /// <paramref name="family"/> (its name's start) that <paramref name="target"/> belongs to.
    /// </summary>
    private static string Source(OnnxModelReader model, string target, string family, string path)
    {
        if (!model.Metadata.TryGetValue(EmotionModelSpec.MetadataKey, out var json))
        {
            return "a network";
        }

        var spec = EmotionModelSpec.FromJson(json, path);
        return spec.Architecture.StartsWith(family, StringComparison.Ordinal)
            ? $"a '{spec.Architecture}' network"
            : throw new InvalidDataException($"{path} holds a '{spec.Architecture}' network, not '{target}'.");
    }

    /// <summary>The export's convolutions and dense layers in graph order; a quantised export is refused.</summary>
    private static (List<OnnxNode> Convs, List<OnnxNode> Gemms) FloatLayers(OnnxModelReader model, string path)
    {
        var convs = model.Nodes.Where(n => n.OpType is "Conv" or "QLinearConv" or "ConvInteger").ToList();
        var gemms = model.Nodes.Where(n => n.OpType == "Gemm").ToList();
        if (convs.Any(c => c.OpType != "Conv") || model.OtherInitializers.Count > 0)
        {
            throw new InvalidDataException($"{path} is a quantised (int8) export; training can only start from a float export (emotune export without --int8).");
        }

        return (convs, gemms);
    }

    /// <summary>
    /// Runs the export's <paramref name="convs"/> (convolution + bias, then ReLU) on <paramref name="x"/>, which becomes
    /// the last one's activation; returns the last one's output before the ReLU.
    /// </summary>
    private static Tensor Follow(OnnxModelReader model, List<OnnxNode> convs, ref Tensor x, string path)
    {
        Tensor? y = null;
        foreach (var conv in convs)
        {
            var weights = Initializer(model, conv, 1, path);
            using var w = torch.tensor(weights.Values, weights.Dims);
            using var b = torch.tensor(Initializer(model, conv, 2, path).Values);
            y = nn.functional.conv2d(x, w, b, padding: [weights.Dims[2] / 2, weights.Dims[3] / 2]);
            x = nn.functional.relu(y);
        }

        return y!;
    }

    /// <summary>
    /// The k×k convolution (weights O×C×k×k, bias O) whose output on <paramref name="input"/> (N×C×H×W) is closest to
    /// <paramref name="target"/> (N×O×H×W) in least squares: ridge-regularised normal equations over every pixel's
    /// patch, accumulated in double precision a few images at a time.
    /// </summary>
    private static (Tensor Weights, Tensor Bias) FitConvolution(Tensor input, Tensor target, int kernel)
    {
        var channels = input.shape[1];
        var outputs = target.shape[1];
        var features = (channels * kernel * kernel) + 1;
        var gram = torch.zeros([features, features], ScalarType.Float64);
        var cross = torch.zeros([features, outputs], ScalarType.Float64);
        const int Chunk = 64;
        for (long start = 0; start < input.shape[0]; start += Chunk)
        {
            using var inner = torch.NewDisposeScope();
            var n = Math.Min(Chunk, input.shape[0] - start);
            var patches = nn.functional.unfold(input.narrow(0, start, n), kernel, padding: kernel / 2)
                .transpose(1, 2).reshape(-1, features - 1).to_type(ScalarType.Float64);
            patches = torch.cat([patches, torch.ones([patches.shape[0], 1], ScalarType.Float64)], 1);
            var y = target.narrow(0, start, n).permute(0, 2, 3, 1).reshape(-1, outputs).to_type(ScalarType.Float64);
            gram.add_(patches.t().matmul(patches));
            cross.add_(patches.t().matmul(y));
        }

        var ridge = 1e-6 * gram.diagonal().mean().item<double>();
        var solution = torch.linalg.solve(gram + (torch.eye(features, dtype: ScalarType.Float64) * ridge), cross).to_type(ScalarType.Float32);
        var weights = solution.narrow(0, 0, features - 1).t().reshape(outputs, channels, kernel, kernel);
        return (weights, solution[features - 1]);
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
