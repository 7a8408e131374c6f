using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Testing;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;

namespace EmoTune.Vision.Tests.Inference;

/// <summary>The models in models/ as the app runs them. These fail, never skip, while a shipped file is missing.</summary>
public sealed class ShippedModelTests
{
    [Theory]
    [InlineData("emotune-fer2013.onnx")]
    [InlineData("emotune-fer2013-slim.onnx")]
    public void ShippedModel_Fer2013TestSample_ClassifiesFarAboveChance(string modelFile)
    {
        using var sut = new OnnxEmotionClassifier(SharedData.ShippedFile(modelFile));
        var preprocessor = new Preprocessor(sut.Spec);
        var labels = new List<int>();
        var images = new List<float[]>();
        foreach (var emotion in EmotionLabels.All)
        {
            foreach (var file in SharedData.TestImages(emotion.ToName()).Take(20))
            {
                using var face = Scenes.LoadFace(emotion.ToName(), Path.GetFileName(file));
                images.Add(preprocessor.Process(face.AsSpan<byte>(), face.Width, face.Height));
                labels.Add((int)emotion);
            }
        }

        var scores = sut.Classify(images.SelectMany(i => i).ToArray(), images.Count);

        var correct = scores.Where((s, i) => (int)s.Top == labels[i]).Count();
        var accuracy = (double)correct / labels.Count;
        // Chance is 1/7; the model card's test accuracy is far higher. 0.45 leaves room for a 140-image sample.
        Assert.True(accuracy >= 0.45, $"{modelFile}: accuracy {accuracy:P1} on {labels.Count} FER2013 test images");
    }

    [Fact]
    public void ShippedModel_PipelineOnAScene_BatchEqualsEachFaceAlone()
    {
        var faces = Faces.Load();
        try
        {
            using var frame = Scenes.Create(faces);
            using var detector = Detectors.Create(DetectionOptions.HaarDefault);
            using var classifier = new OnnxEmotionClassifier(SharedData.ShippedModel);
            var sut = new EmotionPipeline(detector, classifier, new FaceCropOptions());

            var results = sut.Process(frame);

            Assert.Equal(3, results.Count);
            foreach (var result in results)
            {
                var alone = Assert.Single(sut.Classify(frame, [result.Box]));
                OnnxEmotionClassifierTests.AssertClose(alone.Scores, result.Scores, 1e-4f);
            }
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }
}
