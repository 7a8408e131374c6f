using EmoTune.Testing;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using EmoTune.Training.Training;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace EmoTune.Training.Tests.Onnx;

[Collection(LibTorchCollection.Name)]
public sealed class OnnxInt8ExportTests
{
    [Theory]
    [InlineData("vgg")]
    [InlineData("vgg-lite")]
    public void Int8Export_RealFaces_CloseToFloatNetwork(string architecture)
    {
        var faces = DatasetSource.Load(SharedData.Fer2013Test, "test").StratifiedSample(6, seed: 2);
        using var dir = Fixtures.CreateTempFolder();
        var (net, spec) = CreateVgg(seed: 4, architecture);
        using (net)
        {
            var batch = Batch(faces, spec);
            var calibration = Int8Calibration.Measure(net, batch, faces.Count);
            var path = dir.Combine("model.int8.onnx");
            OnnxInt8Exporter.Export(net, spec, calibration, path);
            using var onnx = new OnnxClassifier(path);

            var reference = new TorchClassifier(net, spec).Logits(batch, faces.Count);
            var quantised = onnx.Logits(batch, faces.Count);
            var spread = reference.Max() - reference.Min();
            var worst = reference.Zip(quantised, (a, b) => Math.Abs(a - b)).Max();
            var (agreement, _) = OnnxParity.Agreement(new TorchClassifier(net, spec), onnx, batch, faces.Count);

            // 8-bit steps: logits move by a few percent of their spread, and the chosen emotion almost never changes.
            Assert.True(worst <= 0.05 * spread, $"max |logit difference| {worst:F4} for a logit spread of {spread:F4}");
            Assert.True(agreement >= 0.9, $"int8 picks the float network's class for {agreement:P1} of {faces.Count} faces");
            Assert.True(worst > 0, "an int8 model that reproduces the float logits exactly was not quantised");
            Assert.Equal(spec.ToJson(), onnx.Spec.ToJson());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Int8Export_OnnxRuntime_FusesIntoIntegerConvolutions(bool floatFirstLayer)
    {
        using var dir = Fixtures.CreateTempFolder();
        var (net, spec) = CreateVgg(seed: 5);
        using (net)
        {
            var rng = new Random(1);
            var batch = Enumerable.Range(0, 8 * 48 * 48).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
            var path = dir.Combine("model.int8.onnx");
            OnnxInt8Exporter.Export(net, spec, Int8Calibration.Measure(net, batch, 8), path, floatFirstLayer);
            var nodes = OnnxModelReader.Read(path).Nodes;
            if (floatFirstLayer)
            {
                // The input goes straight into a float convolution (its weights a float initializer, not dequantised int8).
                Assert.Equal("Conv", nodes[0].OpType);
                Assert.Equal(spec.InputName, nodes[0].Inputs[0]);
                Assert.Contains(nodes[0].Inputs[1], OnnxModelReader.Read(path).FloatInitializers.Keys);
            }
            else
            {
                Assert.Equal("QuantizeLinear", nodes[0].OpType);
                Assert.Equal(spec.InputName, nodes[0].Inputs[0]);
            }

            var optimised = dir.Combine("optimised.onnx");
            using (var options = new SessionOptions { OptimizedModelFilePath = optimised, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED })
            using (new InferenceSession(path, options))
            {
            }

            // ONNX Runtime rewrites each DequantizeLinear → Conv → Relu → QuantizeLinear group into one QLinearConv:
            // every one of the vgg's 8 convolutions (but a float first one) must have become integer, or the int8 file
            // brings no speed.
            var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(optimised));
            var fused = CountOccurrences(text, "QLinearConv");
            var integer = net.Blocks.Count - (floatFirstLayer ? 1 : 0);
            Assert.True(fused >= integer, $"{fused} QLinearConv mentions in the optimised graph for {integer} integer convolutions");
        }
    }

    [Fact]
    public void QuantizeWeights_SevenBits_NoPairOfProductsSaturatesInt16()
    {
        // AVX2 without VNNI adds pairs of uint8 × int8 products into a saturating int16 (vpmaddubsw).
        float[] row = [-2.5f, 0.01f, 1.2f, 2.5f, -0.7f, 0f];
        var q = new sbyte[row.Length];

        var scale = OnnxInt8Exporter.QuantizeWeights(row, q);

        Assert.Equal(2.5f / 63, scale, 6);
        Assert.Equal([-63, 0, 30, 63, -18, 0], q.Select(v => (int)v));
        Assert.True(2 * 255 * q.Max(v => Math.Abs((int)v)) <= short.MaxValue);
    }

    [Fact]
    public void Int8Calibration_NoImages_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Int8Calibration.Measure(CreateVgg(seed: 1).Net, [], 0));
    }

    private static int CountOccurrences(string text, string word)
    {
        var count = 0;
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + word.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static float[] Batch(FaceDataset faces, Core.ModelSpec.EmotionModelSpec spec)
    {
        var batch = new float[faces.Count * spec.InputWidth * spec.InputHeight];
        new BatchBuilder(faces, spec).Evaluation(Enumerable.Range(0, faces.Count).ToArray(), batch);
        return batch;
    }

    private static (VggNet Net, Core.ModelSpec.EmotionModelSpec Spec) CreateVgg(int seed, string architecture = "vgg")
    {
        torch.manual_seed(seed);
        var net = (VggNet)NetworkFactory.Create(architecture);
        net.eval();
        using (torch.no_grad())
        {
            foreach (var (name, buffer) in net.named_buffers())
            {
                if (name.EndsWith("running_mean", StringComparison.Ordinal))
                {
                    buffer.uniform_(-0.2, 0.2);
                }
                else if (name.EndsWith("running_var", StringComparison.Ordinal))
                {
                    buffer.uniform_(0.5, 2.0);
                }
            }
        }

        return (net, Trainer.SpecFor(new TrainingOptions { Architecture = architecture }, net.InputSize));
    }
}
