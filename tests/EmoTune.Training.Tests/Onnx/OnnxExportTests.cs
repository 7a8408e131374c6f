using EmoTune.Testing;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using EmoTune.Training.Training;
using TorchSharp;

namespace EmoTune.Training.Tests.Onnx;

[Collection(LibTorchCollection.Name)]
public sealed class OnnxExportTests
{
    [Theory]
    [InlineData("vgg-tiny")]
    [InlineData("vgg")]
    [InlineData("vgg-slim")]
    [InlineData("vgg-lite")]
    [InlineData("efficientnet-b0")]
    public void Export_RandomInputs_OnnxRuntimeMatchesTorchSharp(string architecture)
    {
        using var dir = Fixtures.CreateTempFolder();
        var (network, spec) = CreateNetwork(architecture, seed: 3);
        using (network)
        {
            var path = dir.Combine("model.onnx");
            OnnxExporter.Export(network, spec, path);

            var difference = OnnxParity.MaxAbsDifference(network, path, seed: 5, count: 8);

            Assert.True(difference <= OnnxParity.Tolerance, $"{architecture}: max |logit difference| {difference:E2}");
        }
    }

    [Theory]
    [InlineData("vgg")]
    [InlineData("efficientnet-b0")]
    public void Export_RealFaces_OnnxRuntimeMatchesTorchSharp(string architecture)
    {
        var faces = DatasetSource.Load(SharedData.Fer2013Test, "test").StratifiedSample(3, seed: 1);
        using var dir = Fixtures.CreateTempFolder();
        var (network, spec) = CreateNetwork(architecture, seed: 4);
        using (network)
        {
            var path = dir.Combine("model.onnx");
            OnnxExporter.Export(network, spec, path);
            using var onnx = new OnnxClassifier(path);
            var batch = new float[faces.Count * spec.InputWidth * spec.InputHeight];
            new BatchBuilder(faces, spec).Evaluation(Enumerable.Range(0, faces.Count).ToArray(), batch);

            var difference = OnnxParity.MaxAbsDifference(new TorchClassifier(network, spec), onnx, batch, faces.Count);

            Assert.True(difference <= OnnxParity.Tolerance, $"{architecture}: max |logit difference| {difference:E2}");
            Assert.Equal(spec.ToJson(), onnx.Spec.ToJson());
        }
    }

    [Fact]
    public void OnnxClassifier_FileWithoutSpec_IsRefusedWithReason()
    {
        using var dir = Fixtures.CreateTempFolder();
        var path = dir.Combine("not-a-model.onnx");
        File.WriteAllText(path, "this is not protobuf");

        var ex = Assert.Throws<InvalidDataException>(() => new OnnxClassifier(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    internal static (torch.nn.Module<torch.Tensor, torch.Tensor> Network, Core.ModelSpec.EmotionModelSpec Spec) CreateNetwork(string architecture, int seed)
    {
        torch.manual_seed(seed);
        var network = NetworkFactory.Create(architecture);
        network.eval();

        // Untrained batch-norm statistics are 0/1; give them real values so the fused BN path is exercised.
        using (torch.no_grad())
        {
            foreach (var (name, buffer) in network.named_buffers())
            {
                if (name.EndsWith("running_mean", StringComparison.Ordinal))
                {
                    buffer.uniform_(-0.5, 0.5);
                }
                else if (name.EndsWith("running_var", StringComparison.Ordinal))
                {
                    buffer.uniform_(0.5, 2.0);
                }
            }
        }

        return (network, Trainer.SpecFor(new TrainingOptions { Architecture = architecture }, ((IEmotionNetwork)network).InputSize));
    }
}
