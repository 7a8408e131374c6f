using System.Text;
using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Testing;
using EmoTune.Training.Evaluation;
using EmoTune.Vision.Inference;

namespace EmoTune.Vision.Tests.Inference;

[Collection(LibTorchCollection.Name)]
public sealed class OnnxEmotionClassifierTests
{
    [Fact]
    public void Classify_BatchOfFerFaces_EqualsEachFaceAlone()
    {
        using var dir = TempFolder.Create();
        using var sut = new OnnxEmotionClassifier(TinyModels.WriteFile(dir.Combine("tiny.onnx")));
        var (batch, count) = FerBatch(sut.Spec);
        var length = sut.Spec.InputWidth * sut.Spec.InputHeight;

        var together = sut.Classify(batch, count);

        Assert.Equal(count, together.Length);
        for (var i = 0; i < count; i++)
        {
            var alone = Assert.Single(sut.Classify(batch.AsMemory(i * length, length).ToArray(), 1));
            AssertClose(alone, together[i], 1e-5f);
        }

        // The faces must give different answers, or the comparison above would prove nothing.
        Assert.True(together.Skip(1).Any(s => MaxDifference(s, together[0]) > 1e-4f), "All faces got the same scores.");
    }

    [Fact]
    public void Classify_SameBatch_MatchesTheTorchSharpNetworkItWasExportedFrom()
    {
        using var dir = TempFolder.Create();
        var path = dir.Combine("tiny.onnx");
        using var network = TinyModels.Write(path, seed: 11);
        using var sut = new OnnxEmotionClassifier(path);
        var (batch, count) = FerBatch(sut.Spec);

        var scores = sut.Classify(batch, count);

        var logits = new TorchClassifier(network, TinyModels.Spec).Logits(batch, count);
        for (var i = 0; i < count; i++)
        {
            AssertClose(EmotionScores.FromLogits(logits.AsSpan(i * EmotionLabels.Count, EmotionLabels.Count)), scores[i], 1e-4f);
        }
    }

    [Fact]
    public void Constructor_SpecInMetadataOnly_ReadsIt()
    {
        using var dir = TempFolder.Create();
        var path = TinyModels.WriteFile(dir.Combine("tiny.onnx"));
        File.Delete(EmotionModelSpec.SidecarPath(path));

        using var sut = new OnnxEmotionClassifier(path);

        Assert.Equal(TinyModels.Spec.ToJson(), sut.Spec.ToJson());
        Assert.Equal(path, sut.ModelPath);
    }

    [Fact]
    public void Classify_FromSeveralThreadsAtOnce_EveryCallGetsItsOwnAnswer()
    {
        using var dir = TempFolder.Create();
        using var sut = new OnnxEmotionClassifier(TinyModels.WriteFile(dir.Combine("tiny.onnx")), threads: 1);
        var (batch, count) = FerBatch(sut.Spec);
        var length = sut.Spec.InputWidth * sut.Spec.InputHeight;
        var expected = sut.Classify(batch, count);

        Parallel.For(0, count * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
        {
            var i = n % count;
            var result = Assert.Single(sut.Classify(batch.AsMemory(i * length, length).ToArray(), 1));
            AssertClose(expected[i], result, 1e-5f);
        });
    }

    [Fact]
    public void Classify_NoFaces_ReturnsNothing()
    {
        using var dir = TempFolder.Create();
        using var sut = new OnnxEmotionClassifier(TinyModels.WriteFile(dir.Combine("tiny.onnx")));

        Assert.Empty(sut.Classify(Memory<float>.Empty, 0));
    }

    [Fact]
    public void Classify_BufferShorterThanTheFaces_IsRefused()
    {
        using var dir = TempFolder.Create();
        using var sut = new OnnxEmotionClassifier(TinyModels.WriteFile(dir.Combine("tiny.onnx")));

        var ex = Assert.Throws<ArgumentException>(() => sut.Classify(new float[(48 * 48 * 2) - 1], 2));

        Assert.Contains("4608", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"input_name\": \"input\"", "\"input_name\": \"image\"", "'image'", "[input]")]
    [InlineData("\"output_name\": \"logits\"", "\"output_name\": \"scores\"", "'scores'", "[logits]")]
    [InlineData("\"input_width\": 48", "\"input_width\": 64", "64x48", "[-1,1,48,48]")]
    public void Constructor_SpecDisagreesWithTheModel_IsRefusedSayingHow(string specText, string patchedText, string says, string andSays)
    {
        using var dir = TempFolder.Create();
        var path = TinyModels.WriteFile(dir.Combine("tiny.onnx"));
        PatchMetadata(path, specText, patchedText);

        var ex = Assert.Throws<InvalidDataException>(() => new OnnxEmotionClassifier(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
        Assert.Contains(andSays, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MissingFile_NamesIt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => new OnnxEmotionClassifier("/nonexistent/emotune.onnx"));

        Assert.Contains("/nonexistent/emotune.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NotAnOnnxFile_NamesIt()
    {
        using var dir = TempFolder.Create();
        var path = dir.Combine("garbage.onnx");
        File.WriteAllText(path, "this is not protobuf");

        var ex = Assert.Throws<InvalidDataException>(() => new OnnxEmotionClassifier(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Five FER2013 test faces of different classes, through the shared preprocessor.</summary>
    internal static (float[] Batch, int Count) FerBatch(EmotionModelSpec spec)
    {
        var preprocessor = new Preprocessor(spec);
        var picked = Faces.Detectable.Take(5).ToArray();
        var batch = new float[picked.Length * preprocessor.InputLength];
        for (var i = 0; i < picked.Length; i++)
        {
            using var face = Scenes.LoadFace(picked[i].Class, picked[i].File);
            preprocessor.Process(face.AsSpan<byte>(), face.Width, face.Height, face.Width, batch.AsSpan(i * preprocessor.InputLength, preprocessor.InputLength));
        }

        return (batch, picked.Length);
    }

    internal static void AssertClose(EmotionScores expected, EmotionScores actual, float tolerance) =>
        Assert.True(MaxDifference(expected, actual) <= tolerance, $"expected [{string.Join(", ", expected.Probabilities)}], got [{string.Join(", ", actual.Probabilities)}]");

    private static float MaxDifference(EmotionScores a, EmotionScores b) =>
        a.Probabilities.Zip(b.Probabilities, (x, y) => Math.Abs(x - y)).Max();

    /// <summary>Replaces text inside the model's metadata with text of the same length, so the protobuf stays valid.</summary>
    private static void PatchMetadata(string path, string from, string to)
    {
        Assert.Equal(from.Length, to.Length);
        var bytes = File.ReadAllBytes(path);
        var find = Encoding.UTF8.GetBytes(from);
        var at = bytes.AsSpan().IndexOf(find);
        Assert.True(at >= 0, $"'{from}' not in the model's metadata");
        Encoding.UTF8.GetBytes(to).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);
    }
}
