using EmoTune.Testing;
using EmoTune.Training.Evaluation;
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

        Assert.Equal(OnnxWeightImporter.Resize.Pruned, OnnxWeightImporter.Load(pruned, path, calibration));

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
        Assert.Contains("a `vgg` network resized to `vgg-slim`: pruned (", TrainingReport.Resizing(path, "vgg-slim"), StringComparison.Ordinal);
        Assert.Equal("", TrainingReport.Resizing(path, "vgg"));
    }

    [Fact]
    public void Import_IntoWiderVgg_ComputesTheExportAndTrainsItsNewChannels()
    {
        // vgg-slim (24-48-96-192, 256 hidden units) into vgg-wide (48-96-192-384, 384 units): every layer gets new
        // channels. At the start the wide network must compute the slim export, in evaluation and in training mode on the
        // calibration batch; the new channels must be alive (not zero) and their readers must get gradients, or
        // training could never use them.
        using var dir = Fixtures.CreateTempFolder();
        var (original, spec, path) = Exported(dir, "vgg-slim", seed: 51, "slim.onnx");
        using (original)
        {
            torch.manual_seed(52);
            using var wide = (VggNet)NetworkFactory.Create("vgg-wide");
            using var calibration = torch.randn(64, 1, spec.InputHeight, spec.InputWidth);

            Assert.Equal(OnnxWeightImporter.Resize.Widened, OnnxWeightImporter.Load(wide, path, calibration));

            using var probe = torch.randn(16, 1, 48, 48);
            using (torch.no_grad())
            {
                wide.eval();
                using var expected = original.forward(probe);
                using var actual = wide.forward(probe);
                var difference = (expected - actual).abs().max().item<float>();
                Assert.True(difference <= 1e-4, $"max |logit difference| {difference:E2} between the slim export and its widened import");
                wide.train();
                using var expectedTrain = original.forward(calibration);
                using var actualTrain = OnlyBatchNormTraining(wide, calibration);
                Assert.True((expectedTrain - actualTrain).abs().max().item<float>() <= 1e-3, "training mode on the calibration batch changed the function");
            }

            var slimWidth = (int)original.parameters().First().shape[0];
            using (torch.no_grad())
            {
                Assert.True(wide.Blocks[0].Conv.weight!.narrow(0, slimWidth, 48 - slimWidth).abs().sum().item<float>() > 0, "the new filters are zero");
            }

            wide.train();
            using var loss = nn.functional.cross_entropy(wide.forward(probe), torch.randint(0, 7, [16], dtype: ScalarType.Int64));
            loss.backward();
            using var newColumns = wide.Output.weight!.grad!.narrow(1, 256, 128);
            Assert.True(newColumns.abs().sum().item<float>() > 0, "the output layer gets no gradient for the new hidden units");
            using var newInputs = wide.Blocks[1].Conv.weight!.grad!.narrow(0, 0, slimWidth).narrow(1, slimWidth, 48 - slimWidth);
            Assert.True(newInputs.abs().sum().item<float>() > 0, "the exported filters get no gradient for reading the new channels");
            Assert.Contains("a `vgg-slim` network resized to `vgg-wide`: widened (", TrainingReport.Resizing(path, "vgg-wide"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Import_IntoShallowerStage_FitsTheReplacedConvolutionsWhereTheyAreLinear()
    {
        // A network of 2-1-1 convolutions whose first convolution's outputs are all positive (a large batch-norm shift),
        // so its ReLU does nothing, and whose second is an identity: its first stage is linear in the image. A 1-1-1
        // network (vgg-tiny) importing it must fit its single first-stage convolution to that stage's output exactly,
        // copy the rest, and compute the export.
        using var dir = Fixtures.CreateTempFolder();
        torch.manual_seed(61);
        using var deep = new VggNet("vgg-deep", [8, 16, 32], [2, 1, 1], hidden: 32, dropout: 0.0);
        deep.eval();
        using (torch.no_grad())
        {
            foreach (var block in deep.Blocks)
            {
                block.Norm.running_mean!.uniform_(-0.5, 0.5);
                block.Norm.running_var!.uniform_(0.5, 2.0);
            }

            deep.Blocks[0].Norm.bias!.fill_(30);
            var identity = deep.Blocks[1];
            identity.Conv.weight!.zero_();
            for (var c = 0; c < 8; c++)
            {
                identity.Conv.weight![c, c, 1, 1] = torch.tensor(1f);
            }

            identity.Norm.weight!.fill_(1);
            identity.Norm.bias!.zero_();
            identity.Norm.running_mean!.zero_();
            identity.Norm.running_var!.fill_(1 - ConvBnAct.BatchNormEpsilon);
        }

        var path = dir.Combine("deep.onnx");
        OnnxExporter.Export(deep, new Core.ModelSpec.EmotionModelSpec { Architecture = "vgg-deep" }, path);
        torch.manual_seed(62);
        using var shallow = (VggNet)NetworkFactory.Create("vgg-tiny");
        using var calibration = torch.randn(32, 1, 48, 48);

        Assert.Equal(OnnxWeightImporter.Resize.Shortened, OnnxWeightImporter.Compare(shallow, path));
        Assert.Equal(OnnxWeightImporter.Resize.Shortened, OnnxWeightImporter.Load(shallow, path, calibration));

        shallow.eval();
        using var noGrad = torch.no_grad();
        using var probe = torch.randn(16, 1, 48, 48);
        using var expected = deep.forward(probe);
        using var actual = shallow.forward(probe);
        var scale = expected.abs().max().item<float>();
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference <= 1e-4 * Math.Max(1, scale), $"max |logit difference| {difference:E2} (logits up to {scale:F1}) between the export and its shortened import");
        using var other = (VggNet)NetworkFactory.Create("vgg-tiny");
        other.eval();
        using var unrelated = other.forward(probe);
        Assert.True((expected - unrelated).abs().max().item<float>() > 1e-2 * Math.Max(1, scale), "an untrained network already matched: the test can't tell");
    }

    [Fact]
    public void Import_VggIntoVggLite_IsShortenedAndPrunedAndSaysSo()
    {
        using var dir = Fixtures.CreateTempFolder();
        var (source, _, path) = Exported(dir, "vgg", seed: 71, "vgg.onnx");
        using (source)
        {
            using var lite = (VggNet)NetworkFactory.Create("vgg-lite");
            using var calibration = torch.randn(32, 1, 48, 48);

            Assert.Equal(OnnxWeightImporter.Resize.Shortened | OnnxWeightImporter.Resize.Pruned, OnnxWeightImporter.Load(lite, path, calibration));

            // Stage 4 has the same shape in both: its last convolution is the export's, exactly (folded into weights + bias).
            using var noGrad = torch.no_grad();
            var (exported, imported) = (((VggNet)source).Blocks[7], lite.Blocks[5]);
            using var scale = exported.Norm.weight! / (exported.Norm.running_var! + ConvBnAct.BatchNormEpsilon).sqrt();
            using var importedScale = imported.Norm.weight! / (imported.Norm.running_var! + ConvBnAct.BatchNormEpsilon).sqrt();
            using var folded = exported.Conv.weight! * scale.view(-1, 1, 1, 1);
            using var importedFolded = imported.Conv.weight! * importedScale.view(-1, 1, 1, 1);
            Assert.True((folded - importedFolded).abs().max().item<float>() <= 1e-4, "the last stage's convolution was not copied");
            Assert.Contains("a `vgg` network resized to `vgg-lite`: shortened and pruned (each stage's first convolutions kept, its last one fitted", TrainingReport.Resizing(path, "vgg-lite"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Import_IntoVggOfAnotherDepth_IsRefusedNamingBoth()
    {
        using var dir = Fixtures.CreateTempFolder();
        var (source, _, path) = Exported(dir, "vgg-tiny", seed: 1, "source.onnx");
        using (source)
        {
            using var vgg = (VggNet)NetworkFactory.Create("vgg");
            using var calibration = torch.randn(4, 1, 48, 48);

            var ex = Assert.Throws<InvalidDataException>(() => OnnxWeightImporter.Load(vgg, path, calibration));

            Assert.Contains("'vgg-tiny'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("'vgg' has 8 (2-2-2-2) and 2", ex.Message, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("efficientnet-b0")]
    [InlineData("efficientnet-b3")]
    public void Import_EfficientNetFloatExport_ComputesWhatOnnxRuntimeComputes(string architecture)
    {
        using var dir = Fixtures.CreateTempFolder();
        var (original, spec, path) = Exported(dir, architecture, seed: 81, "model.onnx");
        using (original)
        {
            torch.manual_seed(82);
            using var imported = (EfficientNet)NetworkFactory.Create(architecture);
            using var calibration = torch.randn(32, 1, spec.InputHeight, spec.InputWidth);

            Assert.Equal(OnnxWeightImporter.Resize.None, OnnxWeightImporter.Load(imported, path, calibration));

            using var onnx = new OnnxClassifier(path);
            var probe = RandomImages(count: 4, spec, seed: 83);
            var difference = OnnxParity.MaxAbsDifference(new TorchClassifier(imported, spec), onnx, probe, 4);
            Assert.True(difference <= OnnxParity.Tolerance, $"{architecture}: max |logit difference| {difference:E2} between ONNX Runtime and the import");
            using var randomNet = NetworkFactory.Create(architecture);
            var unrelated = OnnxParity.MaxAbsDifference(new TorchClassifier(randomNet, spec), onnx, probe, 4);
            Assert.True(unrelated > 1e-2, $"an untrained network already matched ({unrelated:E2}): the test can't tell");
        }
    }

    [Fact]
    public void Import_EfficientNetTrainingModeOnTheCalibrationBatch_KeepsTheFunction()
    {
        // As for the vgg: on the calibration batch, batch statistics are the rebuilt running statistics, so with batch norms
        // in training mode (dropout and stochastic depth off) the network still computes the export.
        using var dir = Fixtures.CreateTempFolder();
        var (original, spec, path) = Exported(dir, "efficientnet-b0", seed: 91, "model.onnx");
        using (original)
        {
            torch.manual_seed(92);
            using var imported = (EfficientNet)NetworkFactory.Create("efficientnet-b0");
            using var calibration = torch.randn(48, 1, spec.InputHeight, spec.InputWidth);
            OnnxWeightImporter.Load(imported, path, calibration);

            using var noGrad = torch.no_grad();
            using var expected = original.forward(calibration);
            using var actual = OnlyBatchNormTraining(imported, calibration);

            var spread = expected.std().item<float>();
            var difference = (expected - actual).abs().mean().item<float>();
            Assert.True(difference <= 1e-3 * spread, $"mean |logit difference| {difference:E2} in training mode, logits spread {spread:E2}");
        }
    }

    [Theory]
    [InlineData("efficientnet-b3", "efficientnet-b0", "convolution 1 of a 'efficientnet-b3' network has weights of shape [40,1,3,3]; the stem of 'efficientnet-b0' needs [32,1,3,3]")]
    [InlineData("efficientnet-b0-deep", "efficientnet-b0", "convolution 6 of a 'efficientnet-b0-deep' network has weights of shape [16,1,3,3]; the expansion of MBConv block 2 of 'efficientnet-b0' needs [96,16,1,1]")]
    [InlineData("efficientnet-b0", "vgg", "holds a 'efficientnet-b0' network, not 'vgg'")]
    [InlineData("vgg-tiny", "efficientnet-b0", "holds a 'vgg-tiny' network, not 'efficientnet-b0'")]
    public void Import_OtherArchitecture_IsRefusedNamingTheFileAndTheLayer(string exported, string target, string message)
    {
        using var dir = Fixtures.CreateTempFolder();
        var path = dir.Combine("source.onnx");
        torch.manual_seed(101);
        // efficientnet-b0-deep: B0's widths with B3's depths, so the layers part only at the first extra block.
        using (var source = exported == "efficientnet-b0-deep" ? new EfficientNet(exported, 1.0, 1.4, 0.2) : NetworkFactory.Create(exported))
        {
            OnnxExporter.Export(source, new Core.ModelSpec.EmotionModelSpec { Architecture = exported }, path);
        }

        using var net = NetworkFactory.Create(target);
        using var calibration = torch.randn(4, 1, 48, 48);

        var ex = Assert.Throws<InvalidDataException>(() => net is VggNet vgg
            ? OnnxWeightImporter.Load(vgg, path, calibration)
            : OnnxWeightImporter.Load((EfficientNet)net, path, calibration));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainerInitialize_FromEfficientNetOnnx_StartsWhereTheExportIs()
    {
        using var dir = Fixtures.CreateTempFolder();
        var (original, spec, path) = Exported(dir, "efficientnet-b0", seed: 111, "model.onnx");
        using (original)
        {
            var train = Fixtures.CreateDataset([6, 6, 6, 6, 6, 6, 6], seedBase: 5);
            torch.manual_seed(112);
            using var started = NetworkFactory.Create("efficientnet-b0");

            Assert.Equal(OnnxWeightImporter.Resize.None, Trainer.Initialize(started, path, train, spec, seed: 1));

            started.eval();
            using var noGrad = torch.no_grad();
            using var probe = torch.randn(8, 1, 48, 48);
            using var expected = original.forward(probe);
            using var actual = started.forward(probe);
            var difference = (expected - actual).abs().max().item<float>();
            Assert.True(difference <= 1e-4, $"max |logit difference| {difference:E2} after Trainer.Initialize");
        }
    }

    /// <summary>The network's output with batch norms on batch statistics and dropout and stochastic depth off.</summary>
    private static Tensor OnlyBatchNormTraining(nn.Module<Tensor, Tensor> net, Tensor input)
    {
        net.eval();
        foreach (var norm in net.modules().OfType<TorchSharp.Modules.BatchNorm2d>())
        {
            norm.train();
        }

        return net.forward(input);
    }

    /// <summary><paramref name="count"/> seeded standard-normal images of the spec's size, as a flat batch.</summary>
    private static float[] RandomImages(int count, Core.ModelSpec.EmotionModelSpec spec, int seed)
    {
        using var generator = new Generator((ulong)seed);
        using var images = torch.randn([count, 1, spec.InputHeight, spec.InputWidth], generator: generator);
        return images.data<float>().ToArray();
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
