using EmoTune.Testing;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using EmoTune.Training.Reports;
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
        var (original, spec, path) = Exported(dir, architecture, seed: 11, "model.onnx");
        using (original)
        {
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
        var (original, spec, path) = Exported(dir, "vgg-tiny", seed: 21, "model.onnx");
        using (original)
        {
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
    public void Import_IntoNarrowerVgg_KeepsTheStrongestFiltersAndTheirFunction()
    {
        // A vgg that secretly is a vgg-slim: the slim network's filters sit at random channels of the wide one, and every
        // other channel is switched off by a zero batch-norm scale (folded filter = 0), while its random weights into the
        // next layer and the dense layer still read that channel's (zero) output. Pruning by L1 norm must find exactly the
        // slim channels, and take the matching input channels and dense-layer columns, to compute the wide export.
        using var dir = Fixtures.CreateTempFolder();
        var (slimModule, _) = OnnxExportTests.CreateNetwork("vgg-slim", seed: 41);
        var (wideModule, spec) = OnnxExportTests.CreateNetwork("vgg", seed: 42);
        using var slim = (VggNet)slimModule;
        using var wide = (VggNet)wideModule;
        var random = new Random(43);
        using (torch.no_grad())
        {
            var inputs = torch.tensor(new long[] { 0 });
            for (var i = 0; i < wide.Blocks.Count; i++)
            {
                var (w, s) = (wide.Blocks[i], slim.Blocks[i]);
                var outputs = torch.tensor(Enumerable.Range(0, (int)w.Conv.weight!.shape[0]).OrderBy(_ => random.Next()).Take((int)s.Conv.weight!.shape[0]).Order().Select(c => (long)c).ToArray());
                var rows = w.Conv.weight!.index_select(0, outputs).index_copy_(1, inputs, s.Conv.weight!);
                w.Conv.weight!.index_copy_(0, outputs, rows);
                w.Norm.weight!.zero_().index_copy_(0, outputs, s.Norm.weight!);
                w.Norm.bias!.zero_().index_copy_(0, outputs, s.Norm.bias!);
                w.Norm.running_mean!.index_copy_(0, outputs, s.Norm.running_mean!);
                w.Norm.running_var!.index_copy_(0, outputs, s.Norm.running_var!);
                inputs = outputs;
            }

            var cells = wide.FinalSide * wide.FinalSide;
            var columns = torch.tensor(inputs.data<long>().ToArray().SelectMany(c => Enumerable.Range(0, cells).Select(p => (c * cells) + p)).ToArray());
            wide.Hidden.weight!.index_copy_(1, columns, slim.Hidden.weight!);
            wide.Hidden.bias!.copy_(slim.Hidden.bias!);
            wide.Output.weight!.copy_(slim.Output.weight!);
            wide.Output.bias!.copy_(slim.Output.bias!);
        }

        var path = dir.Combine("wide.onnx");
        OnnxExporter.Export(wide, spec, path);
        using var pruned = (VggNet)NetworkFactory.Create("vgg-slim");
        using var calibration = torch.randn(64, 1, 48, 48);

        Assert.True(OnnxWeightImporter.Load(pruned, path, calibration));

        pruned.eval();
        using var noGrad = torch.no_grad();
        using var probe = torch.randn(16, 1, 48, 48);
        using var expected = wide.forward(probe);
        using var actual = pruned.forward(probe);
        using var unpruned = slim.forward(probe);
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= 1e-4, $"max |logit difference| {difference:E2} between the wide export and its pruned import");
        Assert.True((expected - unpruned).abs().max().item<float>() <= 1e-4, "the wide network does not compute the slim one: the fixture is wrong");
        using var other = (VggNet)NetworkFactory.Create("vgg-slim");
        other.eval();
        using var unrelated = other.forward(probe);
        Assert.True((expected - unrelated).abs().max().item<float>() > 1e-2, "an untrained network already matched: the test can't tell");
        Assert.Contains("a `vgg` network pruned to `vgg-slim`", TrainingReport.Pruning(path, "vgg-slim"), StringComparison.Ordinal);
        Assert.Equal("", TrainingReport.Pruning(path, "vgg"));
    }

    [Theory]
    [InlineData("vgg-tiny", "'vgg-tiny'", "'vgg' has 8 and 2")]
    [InlineData("vgg-slim", "[24,1,3,3]", "'vgg' needs [32,1,3,3] or a wider one to prune")]
    public void Import_IntoAnotherShapeOfVgg_IsRefusedNamingBoth(string exported, string names, string wants)
    {
        // Other depth (vgg-tiny → vgg) or narrower than the target (vgg-slim → vgg): neither a copy nor a pruning.
        using var dir = Fixtures.CreateTempFolder();
        var (source, _, path) = Exported(dir, exported, seed: 1, "source.onnx");
        using (source)
        {
            using var vgg = (VggNet)NetworkFactory.Create("vgg");
            using var calibration = torch.randn(4, 1, 48, 48);

            var ex = Assert.Throws<InvalidDataException>(() => OnnxWeightImporter.Load(vgg, path, calibration));

            Assert.Contains(names, ex.Message, StringComparison.Ordinal);
            Assert.Contains(wants, ex.Message, StringComparison.Ordinal);
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
        var (original, spec, path) = Exported(dir, "vgg-tiny", seed: 31, "model.onnx");
        using (original)
        {
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

    /// <summary>A network with real batch-norm statistics (see <see cref="OnnxExportTests.CreateNetwork"/>), exported as float ONNX into <paramref name="dir"/>.</summary>
    private static (nn.Module<Tensor, Tensor> Network, Core.ModelSpec.EmotionModelSpec Spec, string Path) Exported(TempFolder dir, string architecture, int seed, string file)
    {
        var (network, spec) = OnnxExportTests.CreateNetwork(architecture, seed);
        var path = dir.Combine(file);
        OnnxExporter.Export(network, spec, path);
        return (network, spec, path);
    }
}
