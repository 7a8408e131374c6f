using EmoTune.Core.Faces;
using OpenCvSharp;

namespace EmoTune.Vision.Detection;

/// <summary>
/// Finds faces with an OpenCV cascade classifier on the equalised grey frame, shrunk to
/// <see cref="DetectionOptions.MaxDetectionSide"/>. Calls are serialised: OpenCV's <c>CascadeClassifier</c> keeps
/// per-call scratch state and is not safe to share between threads.
/// </summary>
/// <remarks>
/// Viola and Jones (CVPR 2001) boosted Haar cascades; LBP cascades (Liao et al., ICB 2007) trade a little recall for speed.
/// On FER2013 test faces enlarged and pasted into 640×480 scenes, haar-default and YuNet both find every face in
/// EmoTune's detection tests.
/// </remarks>
public sealed class CascadeFaceDetector : IFaceDetector, IDisposable
{
    private readonly CascadeClassifier _cascade;
    private readonly DetectionOptions _options;
    private readonly Lock _gate = new();

    /// <summary>Loads the cascade <paramref name="options"/> names.</summary>
    /// <exception cref="FileNotFoundException">The cascade file is missing.</exception>
    /// <exception cref="InvalidDataException">OpenCV cannot load the file as a cascade.</exception>
    public CascadeFaceDetector(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var path = options.CascadePath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Face cascade '{options.Detector}' not found at {path}. Install the Debian package opencv-data (apt-get install opencv-data), "
                + "or set Vision:Detection:Detector to a cascade XML file or a YuNet .onnx model.",
                path);
        }

        try
        {
            _cascade = new CascadeClassifier(path);
        }
        catch (OpenCVException ex)
        {
            throw new InvalidDataException($"{path}: OpenCV cannot load it as a cascade classifier: {ex.Message}", ex);
        }

        if (_cascade.Empty())
        {
            _cascade.Dispose();
            throw new InvalidDataException($"{path}: OpenCV cannot load it as a cascade classifier.");
        }
    }

    /// <inheritdoc />
    public FaceBox[] Detect(Mat frame)
    {
        DetectionFrame.Validate(frame);
        if (frame.Empty())
        {
            return [];
        }

        var scale = DetectionFrame.ScaleFor(frame, _options.MaxDetectionSide);
        using var grey = new Mat();
        DetectionFrame.ToGrey(frame, grey);
        DetectionFrame.Shrink(grey, scale);
        Cv2.EqualizeHist(grey, grey);
        var minSide = Math.Max(1, (int)Math.Floor(_options.MinFaceSize * scale));
        Rect[] found;
        lock (_gate)
        {
            found = _cascade.DetectMultiScale(grey, _options.ScaleFactor, _options.MinNeighbors, HaarDetectionTypes.ScaleImage, new Size(minSide, minSide));
        }

        return DetectionFrame.ToFrameBoxes(found.Select(r => new Rect2d(r.X, r.Y, r.Width, r.Height)), scale, frame, _options);
    }

    /// <inheritdoc />
    public void Dispose() => _cascade.Dispose();
}
