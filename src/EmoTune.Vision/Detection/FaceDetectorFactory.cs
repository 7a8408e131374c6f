namespace EmoTune.Vision.Detection;

/// <summary>Creates the detector <see cref="DetectionOptions.Detector"/> names.</summary>
public static class FaceDetectorFactory
{
    /// <summary>A <see cref="YuNetFaceDetector"/> for an <c>.onnx</c> path, else a <see cref="CascadeFaceDetector"/>.</summary>
    /// <exception cref="FileNotFoundException">The cascade or model file is missing.</exception>
    /// <exception cref="InvalidDataException">OpenCV cannot load the file.</exception>
    public static IFaceDetector Create(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsYuNet ? new YuNetFaceDetector(options) : new CascadeFaceDetector(options);
    }
}
