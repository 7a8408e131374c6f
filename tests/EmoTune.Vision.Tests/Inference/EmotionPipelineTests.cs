using EmoTune.Core.Faces;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;

namespace EmoTune.Vision.Tests.Inference;

public sealed class EmotionPipelineTests
{
    [Fact]
    public void Process_ThreeFaces_OneModelRunOfThree_ResultsInDetectorOrder()
    {
        var faces = Faces.Load();
        try
        {
            using var frame = Scenes.Create(faces);
            var boxes = faces.Select(f => f.Box).ToArray();
            var classifier = new Fakes.RecordingClassifier();
            var sut = new EmotionPipeline(new Fakes.FixedDetector(boxes), classifier, new FaceCropOptions());

            var results = sut.Process(frame);

            Assert.Equal([3], classifier.Counts);
            Assert.Equal(boxes, results.Select(r => r.Box));
            var length = classifier.Spec.InputWidth * classifier.Spec.InputHeight;
            for (var i = 0; i < boxes.Length; i++)
            {
                Assert.Equal(Fakes.RecordingClassifier.ScoresFor(classifier.Batches[0].AsSpan(i * length, length)), results[i].Scores);
            }
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Fact]
    public void Process_NoFaces_NeverRunsTheModel()
    {
        using var frame = Scenes.Blank();
        var classifier = new Fakes.RecordingClassifier();
        var detector = new Fakes.FixedDetector();
        var sut = new EmotionPipeline(detector, classifier, new FaceCropOptions());

        Assert.Empty(sut.Process(frame));
        Assert.Equal(1, detector.Calls);
        Assert.Empty(classifier.Counts);
    }

    [Fact]
    public void Process_RealCascade_CropsWhatTheDetectorFound()
    {
        var faces = Faces.Load();
        try
        {
            using var frame = Scenes.Create(faces);
            using var detector = Detectors.Create(DetectionOptions.HaarDefault);
            var classifier = new Fakes.RecordingClassifier();
            var crop = new FaceCropOptions { Margin = 0.1 };
            var sut = new EmotionPipeline(detector, classifier, crop);

            var results = sut.Process(frame);

            Assert.Equal(3, results.Count);
            Assert.All(faces, f => Assert.Contains(results, r => Scenes.IsNear(r.Box, f.Box)));
            var expected = new float[3 * 48 * 48];
            new FaceCropper(classifier.Spec, crop).Crop(frame, results.Select(r => r.Box).ToArray(), expected);
            Assert.Equal(expected, Assert.Single(classifier.Batches));
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Fact]
    public void Classify_GivenBoxes_SkipsDetection()
    {
        using var frame = Scenes.Noise(seed: 2);
        var detector = new Fakes.FixedDetector();
        var classifier = new Fakes.RecordingClassifier();
        var sut = new EmotionPipeline(detector, classifier, new FaceCropOptions());
        FaceBox[] boxes = [new(10, 10, 60, 60), new(300, 100, 90, 90)];

        var results = sut.Classify(frame, boxes);

        Assert.Equal(boxes, results.Select(r => r.Box));
        Assert.Equal(0, detector.Calls);
        Assert.Equal([2], classifier.Counts);
    }
}
