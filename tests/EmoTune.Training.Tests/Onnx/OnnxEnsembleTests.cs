using EmoTune.Core.Emotions;
using EmoTune.Testing;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using TorchSharp;

namespace EmoTune.Training.Tests.Onnx;

[Collection(LibTorchCollection.Name)]
public sealed class OnnxEnsembleTests
{
    [Fact]
    public void Ensemble_FloatAndInt8Members_GivesTheMeanOfTheirProbabilities()
    {
        using var dir = Fixtures.CreateTempFolder();
        var tiny = Export(dir, "vgg-tiny", seed: 3);
        var slim = Export(dir, "vgg-slim", seed: 4);
        var int8 = dir.Combine("slim.int8.onnx");
        var (net, spec) = OnnxExportTests.CreateNetwork("vgg-slim", seed: 5);
        using (net)
        {
            var calibration = RandomBatch(8, seed: 9);
            OnnxInt8Exporter.Export((VggNet)net, spec, Int8Calibration.Measure((VggNet)net, calibration, 8), int8);
        }

        var path = dir.Combine("ensemble.onnx");
        var written = OnnxEnsemble.Write([tiny, slim, int8], path);

        using var a = new OnnxClassifier(tiny);
        using var b = new OnnxClassifier(slim);
        using var c = new OnnxClassifier(int8);
        using var joined = new OnnxClassifier(path);
        var batch = RandomBatch(6, seed: 11);
        var expected = new EnsembleClassifier([a, b, c]).Logits(batch, 6);
        var actual = joined.Logits(batch, 6);

        var k = EmotionLabels.Count;
        var members = new[] { a.Logits(batch, 6), b.Logits(batch, 6), c.Logits(batch, 6) };
        for (var i = 0; i < 6; i++)
        {
            var mean = new float[k];
            foreach (var m in members)
            {
                var p = new float[k];
                EmotionScores.Softmax(m.AsSpan(i * k, k), p);
                for (var j = 0; j < k; j++)
                {
                    mean[j] += p[j] / 3;
                }
            }

            // The output is the log of the mean itself, not only something whose softmax is the mean.
            var total = Enumerable.Range(0, k).Sum(j => Math.Exp(actual[(i * k) + j]));
            Assert.True(Math.Abs(total - 1) <= 1e-5, $"face {i}: exp(logits) sums to {total}");

            var q = new float[k];
            var r = new float[k];
            EmotionScores.Softmax(actual.AsSpan(i * k, k), q);
            EmotionScores.Softmax(expected.AsSpan(i * k, k), r);
            for (var j = 0; j < k; j++)
            {
                Assert.True(Math.Abs(mean[j] - q[j]) <= 1e-5, $"face {i} class {j}: file {q[j]} against mean {mean[j]}");
                Assert.True(Math.Abs(mean[j] - r[j]) <= 1e-6, $"face {i} class {j}: EnsembleClassifier {r[j]} against mean {mean[j]}");
            }
        }

        // The members differ, so agreeing with their mean is not agreeing with any one of them.
        var single = new float[k];
        EmotionScores.Softmax(members[0].AsSpan(0, k), single);
        var first = new float[k];
        EmotionScores.Softmax(actual.AsSpan(0, k), first);
        Assert.True(single.Zip(first).Max(x => Math.Abs(x.First - x.Second)) > 1e-3, "the ensemble equals its first member; the test cannot tell them apart");

        Assert.Equal("ensemble(vgg-tiny+vgg-slim+vgg-slim)", written.Architecture);
        Assert.Equal(written.ToJson(), joined.Spec.ToJson());
        Assert.Equal(written.ToJson(), File.ReadAllText(path + ".json"));
    }

    [Fact]
    public void Ensemble_OneMember_IsRefused()
    {
        using var dir = Fixtures.CreateTempFolder();
        var tiny = Export(dir, "vgg-tiny", seed: 3);

        var ex = Assert.Throws<ArgumentException>(() => OnnxEnsemble.Build([tiny]));

        Assert.Contains("at least two", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensemble_MembersWithOtherPreprocessing_AreRefusedNamingTheFile()
    {
        using var dir = Fixtures.CreateTempFolder();
        var tiny = Export(dir, "vgg-tiny", seed: 3);
        var (net, spec) = OnnxExportTests.CreateNetwork("vgg-tiny", seed: 4);
        var other = dir.Combine("other.onnx");
        using (net)
        {
            OnnxExporter.Export(net, spec with { Mean = 0.4f }, other);
        }

        var ex = Assert.Throws<ArgumentException>(() => OnnxEnsemble.Build([tiny, other]));
        Assert.Contains(other, ex.Message, StringComparison.Ordinal);
        Assert.Contains("preprocessing", ex.Message, StringComparison.Ordinal);

        using var a = new OnnxClassifier(tiny);
        using var b = new OnnxClassifier(other);
        Assert.Throws<ArgumentException>(() => new EnsembleClassifier([a, b]));
    }

    [Fact]
    public void Ensemble_MemberNotOnnx_IsRefusedNamingTheFile()
    {
        using var dir = Fixtures.CreateTempFolder();
        var tiny = Export(dir, "vgg-tiny", seed: 3);
        var junk = dir.Combine("junk.onnx");
        File.WriteAllBytes(junk, [0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2]);

        var ex = Assert.Throws<InvalidDataException>(() => OnnxEnsemble.Build([tiny, junk]));

        Assert.Contains(junk, ex.Message, StringComparison.Ordinal);
    }

    private static string Export(TempFolder dir, string architecture, int seed)
    {
        var (network, spec) = OnnxExportTests.CreateNetwork(architecture, seed);
        using (network)
        {
            var path = dir.Combine($"{architecture}-{seed}.onnx");
            OnnxExporter.Export(network, spec, path);
            return path;
        }
    }

    private static float[] RandomBatch(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count * 48 * 48).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
    }
}
