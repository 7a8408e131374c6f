using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Onnx;

namespace EmoTune.Training.Tests.Onnx;

[Collection(LibTorchCollection.Name)]
public sealed class OnnxSpecWriterTests
{
    [Fact]
    public void Write_Temperature_ChangesTheSpecInMetadataAndSidecar_KeepsTheGraph_AndTheSoftmaxFollows()
    {
        using var dir = Fixtures.CreateTempFolder();
        var (network, spec) = OnnxExportTests.CreateNetwork("vgg-tiny", seed: 3);
        var source = dir.Combine("plain.onnx");
        using (network)
        {
            OnnxExporter.Export(network, spec, source);
        }

        var target = dir.Combine("calibrated.onnx");
        var written = OnnxSpecWriter.Write(source, target, s => s with { Temperature = 1.5f });
        // Twice over the same file: the entry is replaced, not added again.
        OnnxSpecWriter.Write(target, target, s => s with { Temperature = 2f });

        var reader = OnnxModelReader.Read(target);
        Assert.Equal(1.5f, written.Temperature);
        Assert.Equal(2f, EmotionModelSpec.FromJson(reader.Metadata[EmotionModelSpec.MetadataKey], target).Temperature);
        Assert.Equal(2f, EmotionModelSpec.FromJson(File.ReadAllText(EmotionModelSpec.SidecarPath(target)), target).Temperature);
        Assert.Equal(OnnxModelReader.Read(source).Nodes.Count, reader.Nodes.Count);

        using var plain = new OnnxClassifier(source);
        using var calibrated = new OnnxClassifier(target);
        var rng = new Random(4);
        var batch = Enumerable.Range(0, 3 * 48 * 48).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
        var a = plain.Logits(batch, 3);
        Assert.Equal(a, calibrated.Logits(batch, 3));
        Assert.Equal(2f, calibrated.Spec.SoftmaxTemperature);

        var invalid = Assert.Throws<InvalidDataException>(() => OnnxSpecWriter.Write(source, dir.Combine("bad.onnx"), s => s with { Temperature = 0f }));
        Assert.Contains("temperature", invalid.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("bad.onnx")));
    }

    [Fact]
    public void Ensemble_OfACalibratedMember_IsRefusedWithTheReason()
    {
        using var dir = Fixtures.CreateTempFolder();
        var paths = new List<string>();
        foreach (var seed in new[] { 3, 4 })
        {
            var (network, spec) = OnnxExportTests.CreateNetwork("vgg-tiny", seed);
            using (network)
            {
                paths.Add(dir.Combine($"m{seed}.onnx"));
                OnnxExporter.Export(network, spec, paths[^1]);
            }
        }

        OnnxSpecWriter.Write(paths[1], paths[1], s => s with { Temperature = 1.2f });

        var e = Assert.Throws<ArgumentException>(() => OnnxEnsemble.Write(paths, dir.Combine("e.onnx")));
        Assert.Contains("temperature", e.Message, StringComparison.Ordinal);
    }
}
