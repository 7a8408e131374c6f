using EmoTune.Core.Faces;
using EmoTune.Vision.Detection;
using OpenCvSharp;

namespace EmoTune.Vision.Tests.Detection;

public sealed class RotatingFaceDetectorTests
{
    /// <summary>The passes run in parallel; a failing one still reaches the caller as its own exception, not wrapped.</summary>
    [Fact]
    public void DetectFaces_APassFails_TheCallerGetsThatException()
    {
        using var sut = new RotatingFaceDetector(new FailingDetector(), new DetectionOptions { RotatedPasses = 20 });
        using var frame = Scenes.Blank();

        var ex = Assert.Throws<InvalidDataException>(() => sut.DetectFaces(frame));

        Assert.Equal("the face model failed", ex.Message);
    }

    /// <summary>Every pass's faces are merged in one order however the passes end: the upright pass's first.</summary>
    [Fact]
    public void DetectFaces_SameFrameManyTimes_SameFacesInTheSameOrder()
    {
        var faces = Faces.Load();
        try
        {
            using var frame = Scenes.Create(faces);
            using var upright = Detectors.Create(DetectionOptions.YuNet);
            var options = new DetectionOptions { RotatedPasses = 20 };
            using var sut = new RotatingFaceDetector(upright, options);
            var first = sut.DetectFaces(frame);

            Assert.Equal(3, first.Length);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(first.Select(f => f.Box), sut.DetectFaces(frame).Select(f => f.Box));
            }
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    private sealed class FailingDetector : IFaceDetector
    {
        public FaceBox[] Detect(Mat frame) => throw new InvalidDataException("the face model failed");
    }
}
