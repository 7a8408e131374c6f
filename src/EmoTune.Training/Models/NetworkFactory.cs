using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Models;

/// <summary>Creates networks by architecture name.</summary>
public static class NetworkFactory
{
    /// <summary>Architectures <see cref="Create"/> accepts, with a one-line description each.</summary>
    public static IReadOnlyDictionary<string, string> Architectures { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["vgg"] = "fast VGG-style CNN, 4 stages 32-64-128-256, 2 convs each (default)",
        ["vgg-slim"] = "slimmer VGG-style CNN, 4 stages 24-48-96-192, 2 convs each (0.56x the vgg's multiply-adds; --init-from a vgg export prunes it)",
        ["vgg-lite"] = "VGG-style CNN with the vgg's last two stages and one conv in each of the first two, 4 stages 24-64-128-256, 1-1-2-2 convs (about the slim's int8 cost at batch 32, 1.7 M parameters; --init-from a vgg export shortens and prunes it)",
        ["vgg-wide"] = "wider VGG-style CNN, 4 stages 48-96-192-384, 2 convs each (2.25x the vgg's multiply-adds; --init-from a vgg export widens it)",
        ["vgg-tiny"] = "tiny VGG-style CNN for tests, 3 stages 8-16-32",
        ["efficientnet-b0"] = "EfficientNet-B0 adapted to 48x48 grey (MBConv + SE)",
        ["efficientnet-b3"] = "EfficientNet-B3 adapted to 48x48 grey (width 1.2, depth 1.4)",
    };

    /// <summary>Creates the network named <paramref name="architecture"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static nn.Module<Tensor, Tensor> Create(string architecture) => architecture switch
    {
        "vgg" => new VggNet(architecture, [32, 64, 128, 256], [2, 2, 2, 2], hidden: 256, dropout: 0.4),
        "vgg-slim" => new VggNet(architecture, [24, 48, 96, 192], [2, 2, 2, 2], hidden: 256, dropout: 0.4),
        "vgg-lite" => new VggNet(architecture, [24, 64, 128, 256], [1, 1, 2, 2], hidden: 256, dropout: 0.4),
        "vgg-wide" => new VggNet(architecture, [48, 96, 192, 384], [2, 2, 2, 2], hidden: 384, dropout: 0.5),
        "vgg-tiny" => new VggNet(architecture, [8, 16, 32], [1, 1, 1], hidden: 32, dropout: 0.0),
        "efficientnet-b0" => new EfficientNet(architecture, 1.0, 1.0, 0.2),
        "efficientnet-b3" => new EfficientNet(architecture, 1.2, 1.4, 0.3),
        _ => throw new ArgumentException($"Unknown architecture '{architecture}'; choose one of: {string.Join(", ", Architectures.Keys)}.", nameof(architecture)),
    };

    /// <summary>Number of trainable parameters.</summary>
    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>
    /// Multiply-adds of one forward pass of one <paramref name="inputSide"/>×<paramref name="inputSide"/> grey image: every
    /// convolution's output elements × its kernel's height × width × input channels per group, plus every linear layer's
    /// outputs × inputs (the usual count; batch norm, activations, pooling and the squeeze-and-excitation product are
    /// left out, as they are in published figures). Measured by running the network once on a blank image with a hook on
    /// each convolution and linear layer, so any layout counts right.
    /// </summary>
    public static long MultiplyAdds(nn.Module<Tensor, Tensor> network, int inputSide = 48)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSide, 8);
        long total = 0;
        var hooks = new List<Action>();
        foreach (var (_, module) in network.named_modules())
        {
            switch (module)
            {
                case TorchSharp.Modules.Convolution conv:
                    var perOutput = conv.in_channels / conv.groups * conv.kernel_size.Aggregate(1L, (a, k) => a * k);
                    var convHook = conv.register_forward_hook((_, _, output) =>
                    {
                        total += output.numel() * perOutput;
                        return output;
                    });
                    hooks.Add(convHook.remove);
                    break;
                case TorchSharp.Modules.Linear linear:
                    var linearHook = linear.register_forward_hook((_, _, output) =>
                    {
                        total += output.numel() * linear.in_features;
                        return output;
                    });
                    hooks.Add(linearHook.remove);
                    break;
            }
        }

        var training = network.training;
        try
        {
            network.eval();
            using var _ = torch.no_grad();
            using var input = torch.zeros(1, 1, inputSide, inputSide);
            using var output = network.call(input);
            return total;
        }
        finally
        {
            hooks.ForEach(remove => remove());
            network.train(training);
        }
    }
}
