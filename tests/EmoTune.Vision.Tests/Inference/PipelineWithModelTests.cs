using EmoTune.Testing;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;

namespace EmoTune.Vision.Tests.Inference;

[Collection(LibTorchCollection.Name)]
public sealed class PipelineWithModelTests
{
    [Theory]
    [InlineData(DetectionOptions.HaarDefault)]
    [InlineData("yunet")]
    public void Process_SceneOfThreeFaces_EachFaceScoredAsIfAlone(string detector)
    {
        var faces = Faces.Load(first: 2);
        try
        {
            using var dir = TempFolder.Create();
            using var frame = Scenes.Create(faces);
            using var faceDetector = Detectors.Create(detector);
            using var classifier = new OnnxEmotionClassifier(TinyModels.WriteFile(dir.Combine("tiny.onnx")));
            var crop = new FaceCropOptions { Margin = 0.05 };
            var sut = new EmotionPipeline(faceDetector, classifier, crop);

            var results = sut.Process(frame);

            Assert.Equal(3, results.Count);
            Assert.All(faces, f => Assert.Contains(results, r => Scenes.IsNear(r.Box, f.Box)));
            var detected = faceDetector.DetectFaces(frame);
            Assert.Equal(results.Select(r => r.Box), detected.Select(d => d.Box));
            for (var i = 0; i < results.Count; i++)
            {
                var alone = Assert.Single(sut.Classify(frame, [detected[i]]));
                OnnxEmotionClassifierTests.AssertClose(alone.Scores, results[i].Scores, 1e-5f);
            }
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }
}
