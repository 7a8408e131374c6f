using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Testing;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Onnx;
using EmoTune.Vision.Inference;

namespace EmoTune.Vision.Tests.Inference;

public sealed class MirrorAveragingClassifierTests
{
    [Fact]
    public void Classify_OneRunOfImagesAndMirrors_AveragesEachPair()
    {
        var inner = new Fakes.RecordingClassifier();
        using var sut = new MirrorAveragingClassifier(inner);
        var length = sut.Spec.InputWidth * sut.Spec.InputHeight;
        var random = new Random(7);
        var inputs = Enumerable.Range(0, 3 * length).Select(_ => (float)random.NextDouble()).ToArray();
        var before = inputs.ToArray();

        var scores = sut.Classify(inputs, 3);

        Assert.Equal([6], inner.Counts);
        Assert.Equal(before, inputs);
        var batch = inner.Batches[0];
        Assert.Equal(before, batch[..(3 * length)]);
        var (w, h) = (sut.Spec.InputWidth, sut.Spec.InputHeight);
        for (var i = 0; i < 3; i++)
        {
            var image = before.AsSpan(i * length, length);
            var mirror = batch.AsSpan((3 + i) * length, length);
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    Assert.Equal(image[(y * w) + (w - 1 - x)], mirror[(y * w) + x]);
                }
            }

            var plain = Fakes.RecordingClassifier.ScoresFor(image);
            var mirrored = Fakes.RecordingClassifier.ScoresFor(mirror);
            for (var k = 0; k < EmotionLabels.Count; k++)
            {
                Assert.Equal((plain.Probabilities[k] + mirrored.Probabilities[k]) / 2, scores[i].Probabilities[k], 6);
            }
        }
    }

    [Fact]
    public void Classify_NoFacesOrTooFewInputs_NoRunOrAClearError()
    {
        var inner = new Fakes.RecordingClassifier();
        using var sut = new MirrorAveragingClassifier(inner);

        Assert.Empty(sut.Classify(Memory<float>.Empty, 0));
        var ex = Assert.Throws<ArgumentException>(() => sut.Classify(new float[100], 1));

        Assert.Empty(inner.Counts);
        Assert.Contains("2304 floats", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedModel_MirrorAveraged_ComputesWhatEvaluateTtaMeasures()
    {
        // The live pipeline's mirror averaging must be the flip test-time averaging whose accuracy the model card reports
        // (emotune evaluate --tta: DatasetPredictor with TestTimeView.Flip), on real FER2013 test faces.
        var faces = new List<byte>();
        var labels = new List<byte>();
        foreach (var emotion in EmotionLabels.All)
        {
            foreach (var file in SharedData.TestImages(emotion.ToName()).Take(10))
            {
                using var face = Scenes.LoadFace(emotion.ToName(), Path.GetFileName(file));
                faces.AddRange(face.AsSpan<byte>().ToArray());
                labels.Add((byte)emotion);
            }
        }

        var data = new FaceDataset("sample", 48, 48, [.. faces], [.. labels], labels.Select((_, i) => $"face {i}").ToArray());
        using var reference = new OnnxClassifier(SharedData.ShippedModel);
        var views = DatasetPredictor.Predict(reference, data, TestTimeView.Flip);
        var expected = DatasetPredictor.Average(views);
        using var sut = EmotionClassifiers.Open(SharedData.ShippedModel, mirrorAverage: true) as MirrorAveragingClassifier;
        Assert.NotNull(sut);
        var preprocessor = new Preprocessor(sut.Spec);
        var inputs = Enumerable.Range(0, data.Count).SelectMany(i => preprocessor.Process(faces.GetRange(i * 2304, 2304).ToArray(), 48, 48)).ToArray();

        var scores = sut.Classify(inputs, data.Count);

        var k = EmotionLabels.Count;
        var difference = scores.SelectMany((s, i) => s.Probabilities.Select((p, c) => Math.Abs(p - expected[(i * k) + c]))).Max();
        Assert.True(difference <= 1e-5, $"max |probability difference| {difference:E2} against evaluate's flip averaging");
        var mirrorEffect = views[0].Zip(views[1], (a, b) => Math.Abs(a - b)).Max();
        Assert.True(mirrorEffect > 1e-2, "the mirror changes nothing on these faces: the test can't tell");
    }
}
