using EmoTune.Core.Faces;
using OpenCvSharp;

namespace EmoTune.Vision.Detection;

/// <summary>
/// Finds faces with an OpenCV cascade classifier on the equalised grey frame, shrunk to
/// <see cref="DetectionOptions.DetectionSide"/>. Calls are serialised: OpenCV's <c>CascadeClassifier</c> keeps
/// per-call scratch state and is not safe to share between threads.
/// </summary>
/// <remarks>
/// Viola and Jones (CVPR 2001) boosted Haar cascades; LBP cascades (Liao et al., ICB 2007) trade recall for speed. We
/// pasted 125 FER2013 test faces (25 each of happy, neutral, surprise, sad, angry), one at a time, enlarged to 140 px,
/// into a 640×480 scene and detected at 320 px: haar-default found 85, haar-alt2 79, YuNet 74 and LBP 31 (its 45 px
/// window sees the faces at 70 px; at full size it does better). haar-default's boxes matched the pasted FER crop
/// (median width ratio 0.99), so FER-trained models need no crop margin after it.
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

        var scale = DetectionFrame.ScaleFor(frame, _options.DetectionSide);
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
