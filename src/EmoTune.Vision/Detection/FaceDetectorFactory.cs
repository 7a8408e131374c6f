namespace EmoTune.Vision.Detection;

/// <summary>Creates the detector <see cref="DetectionOptions.Detector"/> names.</summary>
public static class FaceDetectorFactory
{
    /// <summary>
    /// A <see cref="YuNetFaceDetector"/> for <see cref="DetectionOptions.YuNet"/> or an <c>.onnx</c> path, else a
    /// <see cref="CascadeFaceDetector"/>; wrapped in a <see cref="RotatingFaceDetector"/> when
    /// <see cref="DetectionOptions.RotatedPasses"/> is set, which turns only while <paramref name="streams"/> (when given)
    /// has at most <see cref="DetectionOptions.RotatedPassesMaxStreams"/> live; YuNet widens its look to
    /// <see cref="DetectionOptions.RoomyDetectionSide"/> on the same condition.
    /// </summary>
    /// <exception cref="FileNotFoundException">The cascade or model file is missing.</exception>
    /// <exception cref="InvalidDataException">OpenCV cannot load the file.</exception>
    public static IFaceDetector Create(DetectionOptions options, LiveStreams? streams = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        IFaceDetector detector = options.IsYuNet ? new YuNetFaceDetector(options, streams) : new CascadeFaceDetector(options);
        return options.RotatedPasses > 0 ? new RotatingFaceDetector(detector, options, streams) : detector;
    }
}
