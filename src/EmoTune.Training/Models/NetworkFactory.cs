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
}
