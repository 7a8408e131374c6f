using EmoTune.Core.ModelSpec;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using EmoTune.Training.Training;
using TorchSharp;

namespace EmoTune.Vision.Tests;

/// <summary>
/// Real, small ONNX models written by EmoTune's own exporter: an untrained, seeded vgg-tiny. Only tests use Training
/// (and so libtorch); callers belong to <see cref="LibTorchCollection"/>.
/// </summary>
internal static class TinyModels
{
    /// <summary>The spec the tiny models are exported with.</summary>
    public static EmotionModelSpec Spec { get; } = Trainer.SpecFor(new TrainingOptions { Architecture = "vgg-tiny" }, 48);

    /// <summary>Writes a seeded vgg-tiny to <paramref name="path"/> (and its <c>.json</c>) and returns the network.</summary>
    public static torch.nn.Module<torch.Tensor, torch.Tensor> Write(string path, int seed = 7)
    {
        torch.manual_seed(seed);
        var network = NetworkFactory.Create("vgg-tiny");
        network.eval();
        OnnxExporter.Export(network, Spec, path);
        return network;
    }

    /// <summary>Writes a seeded vgg-tiny to <paramref name="path"/> without keeping the network.</summary>
    public static string WriteFile(string path, int seed = 7)
    {
        using var network = Write(path, seed);
        return path;
    }
}
