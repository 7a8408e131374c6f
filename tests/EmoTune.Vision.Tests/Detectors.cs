using EmoTune.Core.Faces;
using EmoTune.Vision.Detection;
using OpenCvSharp;

namespace EmoTune.Vision.Tests;

/// <summary>
/// Real detectors for the tests, by name ("yunet" for the YuNet model shipped in models/), disposed by the test; upright
/// only (the app's turned passes are off unless <c>configure</c> turns them on: tests that want them wrap a
/// <see cref="RotatingFaceDetector"/> themselves).
/// </summary>
internal static class Detectors
{
    public static Disposable Create(string detector, Func<DetectionOptions, DetectionOptions>? configure = null)
    {
        var options = new DetectionOptions { Detector = detector, RotatedPasses = 0 };
        return new Disposable(FaceDetectorFactory.Create(configure?.Invoke(options) ?? options));
    }

    /// <summary>A detector the test disposes, whatever its type.</summary>
    internal sealed class Disposable(IFaceDetector inner) : IFaceDetector, IDisposable
    {
        public FaceBox[] Detect(Mat frame) => inner.Detect(frame);

        public DetectedFace[] DetectFaces(Mat frame) => inner.DetectFaces(frame);

        public DetectedFace[] DetectIn(Mat frame, FaceBox window) => inner.DetectIn(frame, window);

        public DetectedFace[][] DetectInWindows(Mat frame, IReadOnlyList<SearchWindow> windows) => inner.DetectInWindows(frame, windows);

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}
