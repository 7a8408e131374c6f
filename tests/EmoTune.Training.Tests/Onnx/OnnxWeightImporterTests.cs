using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using EmoTune.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Tests.Onnx;

[Collection(LibTorchCollection.Name)]
public sealed class OnnxWeightImporterTests
{
    [Theory]
    [InlineData("vgg-tiny")]
    [InlineData("vgg")]
    public void Import_FloatExport_ReproducesTheExportedNetwork(string architecture)
    {
        using var dir = Fixtures.CreateTempFolder();
        var (original, spec) = OnnxExportTests.CreateNetwork(architecture, seed: 11);
        using (original)
        {
            var path = dir.Combine("model.onnx");
            OnnxExporter.Export(original, spec, path);
            torch.manual_seed(12);
            using var imported = (VggNet)NetworkFactory.Create(architecture);
            using var calibration = torch.randn(64, 1, spec.InputHeight, spec.InputWidth);
            using var probe = torch.randn(16, 1, spec.InputHeight, spec.InputWidth);

            OnnxWeightImporter.Load(imported, path, calibration);

            imported.eval();
            using var noGrad = torch.no_grad();
            using var expected = original.forward(probe);
            using var actual = imported.forward(probe);
            var difference = (expected - actual).abs().max().item<float>();
            Assert.True(difference <= 1e-4, $"{architecture}: max |logit difference| {difference:E2} after the round trip");
            using var randomNet = NetworkFactory.Create(architecture);
            randomNet.eval();
            using var unrelated = randomNet.forward(probe);
            Assert.True((expected - unrelated).abs().max().item<float>() > 1e-2, "an untrained network already matched: the test can't tell");
        }
    }

    [Fact]
    public void Import_TrainingModeOnTheCalibrationBatch_KeepsTheFunction()
    {
        // In training mode batch norm normalises by batch statistics; on the calibration batch those are exactly the
        // rebuilt running statistics, so the network computes what the export computes, at the scale it was trained at.
        using var dir = Fixtures.CreateTempFolder();
        var (original, spec) = OnnxExportTests.CreateNetwork("vgg-tiny", seed: 21);
        using (original)
        {
            var path = dir.Combine("model.onnx");
            OnnxExporter.Export(original, spec, path);
            using var imported = (VggNet)NetworkFactory.Create("vgg-tiny");
            using var calibration = torch.randn(128, 1, spec.InputHeight, spec.InputWidth);
            OnnxWeightImporter.Load(imported, path, calibration);

            imported.train();
            using var noGrad = torch.no_grad();
            using var expected = original.forward(calibration);
            using var actual = imported.forward(calibration);

            var difference = (expected - actual).abs().max().item<float>();
            Assert.True(difference <= 1e-3, $"max |logit difference| {difference:E2} in training mode");
        }
    }

    [Fact]
    public void Import_OtherArchitecture_IsRefusedNamingBoth()
    {
        using var dir = Fixtures.CreateTempFolder();
        var (tiny, spec) = OnnxExportTests.CreateNetwork("vgg-tiny", seed: 1);
        using (tiny)
        {
            var path = dir.Combine("tiny.onnx");
            OnnxExporter.Export(tiny, spec, path);
            using var vgg = (VggNet)NetworkFactory.Create("vgg");
            using var calibration = torch.randn(4, 1, 48, 48);

            var ex = Assert.Throws<InvalidDataException>(() => OnnxWeightImporter.Load(vgg, path, calibration));

            Assert.Contains("'vgg-tiny'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("'vgg'", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Import_NotOnnx_IsRefusedNamingTheFile()
    {
        using var dir = Fixtures.CreateTempFolder();
        var path = dir.Combine("broken.onnx");
        File.WriteAllBytes(path, [0x0A, 0xFF, 0xFF, 0xFF]);
        using var vgg = (VggNet)NetworkFactory.Create("vgg-tiny");
        using var calibration = torch.randn(4, 1, 48, 48);

        var ex = Assert.Throws<InvalidDataException>(() => OnnxWeightImporter.Load(vgg, path, calibration));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainerInitialize_FromOnnx_StartsWhereTheExportIs()
    {
        using var dir = Fixtures.CreateTempFolder();
        var (original, spec) = OnnxExportTests.CreateNetwork("vgg-tiny", seed: 31);
        using (original)
        {
            var path = dir.Combine("model.onnx");
            OnnxExporter.Export(original, spec, path);
            var train = Fixtures.CreateDataset([6, 6, 6, 6, 6, 6, 6], seedBase: 5);
            using var started = NetworkFactory.Create("vgg-tiny");

            Trainer.Initialize(started, path, train, spec, seed: 1);

            started.eval();
            using var noGrad = torch.no_grad();
            using var probe = torch.randn(8, 1, 48, 48);
            using var expected = original.forward(probe);
            using var actual = started.forward(probe);
            Assert.True((expected - actual).abs().max().item<float>() <= 1e-4);
        }
    }
}
