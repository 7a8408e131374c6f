using EmoTune.Core.Faces;
using EmoTune.Testing;
using EmoTune.Vision.Detection;
using OpenCvSharp;

namespace EmoTune.Vision.Tests;

/// <summary>Real detectors for the tests, by name ("yunet" for the shared YuNet model), disposed by the test.</summary>
internal static class Detectors
{
    public static Disposable Create(string detector, Func<DetectionOptions, DetectionOptions>? configure = null)
    {
        var options = new DetectionOptions { Detector = detector == "yunet" ? SharedData.YuNetModel : detector };
        return new Disposable(FaceDetectorFactory.Create(configure?.Invoke(options) ?? options));
    }

    /// <summary>A detector the test disposes, whatever its type.</summary>
    internal sealed class Disposable(IFaceDetector inner) : IFaceDetector, IDisposable
    {
        public FaceBox[] Detect(Mat frame) => inner.Detect(frame);

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}
