using EmoTune.Core.Faces;
using OpenCvSharp;

namespace EmoTune.Vision.Detection;

/// <summary>
/// Finds faces with YuNet through OpenCV's <c>FaceDetectorYN</c>, on the BGR frame shrunk to
/// <see cref="DetectionOptions.MaxDetectionSide"/>. The native detector is fixed to one input size, so it is created for
/// the first frame size and created again only when that size changes (a camera's does not). Calls are serialised.
/// </summary>
/// <remarks>
/// YuNet (Wu et al., "YuNet: A Tiny Millisecond-level Face Detector", Machine Intelligence Research 2023) is a 75k-parameter
/// CNN from the OpenCV Zoo; unlike the cascades it copes with turned heads and uneven light. It is not part of
/// opencv-data. Its boxes are tighter than FER2013's crops (median width 0.81 of the pasted face in our scenes), so a
/// <see cref="Inference.FaceCropOptions.Margin"/> of about 0.12 reproduces the framing the model was trained on.
/// </remarks>
public sealed class YuNetFaceDetector : IFaceDetector, IDisposable
{
    private readonly DetectionOptions _options;
    private readonly string _modelPath;
    private readonly Lock _gate = new();
    private readonly Lock _windowGate = new();
    private FaceDetectorYN _detector;
    private Size _inputSize;
    private FaceDetectorYN? _windowDetector;

    /// <summary>Loads the YuNet model at <see cref="DetectionOptions.YuNetPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">OpenCV cannot load the model.</exception>
    public YuNetFaceDetector(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _modelPath = options.YuNetPath;
        if (!File.Exists(_modelPath))
        {
            throw new FileNotFoundException(
                $"YuNet face model not found at {Path.GetFullPath(_modelPath)}. It is face_detection_yunet.onnx from the OpenCV Zoo, shipped in the repository's models/ "
                + "folder; set Vision:Detection:Detector to its path, or to haar-default.",
                _modelPath);
        }

        _inputSize = new Size(_options.MaxDetectionSide, _options.MaxDetectionSide);
        _detector = CreateDetector(_inputSize);
    }

    /// <inheritdoc />
    public FaceBox[] Detect(Mat frame) => Array.ConvertAll(DetectFaces(frame), f => f.Box);

    /// <inheritdoc />
    public DetectedFace[] DetectFaces(Mat frame)
    {
        DetectionFrame.Validate(frame);
        if (frame.Empty())
        {
            return [];
        }

        var scale = DetectionFrame.ScaleFor(frame, _options.MaxDetectionSide);
        using var bgr = new Mat();
        DetectionFrame.ToBgr(frame, bgr);
        DetectionFrame.Shrink(bgr, scale);
        using var faces = new Mat();
        lock (_gate)
        {
            if (bgr.Size() != _inputSize)
            {
                var detector = CreateDetector(bgr.Size());
                _detector.Dispose();
                _detector = detector;
                _inputSize = bgr.Size();
            }

            _detector.Detect(bgr, faces);
        }

        return DetectionFrame.ToFrameFaces(Rows(faces), scale, frame.Width, frame.Height, _options);
    }

    /// <summary>
    /// The window, made square about its centre and clipped, is resized to <see cref="DetectionOptions.WindowSide"/>
    /// pixels and searched by a second YuNet instance fixed to that size, so following faces never rebuilds a detector.
    /// </summary>
    /// <inheritdoc />
    public DetectedFace[] DetectIn(Mat frame, FaceBox window)
    {
        DetectionFrame.Validate(frame);
        var clipped = window.Expand(0, frame.Width, frame.Height);
        if (clipped.Width < 8 || clipped.Height < 8)
        {
            return [];
        }

        using var roi = new Mat(frame, new Rect(clipped.X, clipped.Y, clipped.Width, clipped.Height));
        using var bgr = new Mat();
        DetectionFrame.ToBgr(roi, bgr);
        var side = _options.WindowSide;
        var scale = Math.Min((double)side / clipped.Width, (double)side / clipped.Height);
        using var canvas = new Mat(side, side, MatType.CV_8UC3, Scalar.All(0));
        using (var fitted = new Mat())
        {
            var size = new Size(Math.Clamp((int)Math.Round(clipped.Width * scale), 1, side), Math.Clamp((int)Math.Round(clipped.Height * scale), 1, side));
            Cv2.Resize(bgr, fitted, size, 0, 0, scale < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear);
            using var target = new Mat(canvas, new Rect(0, 0, size.Width, size.Height));
            fitted.CopyTo(target);
        }

        using var faces = new Mat();
        lock (_windowGate)
        {
            _windowDetector ??= CreateDetector(new Size(side, side));
            _windowDetector.Detect(canvas, faces);
        }

        var found = Rows(faces);
        var options = _options with { MinFaceSize = Math.Min(_options.MinFaceSize, 8) };
        return Array.ConvertAll(DetectionFrame.ToFrameFaces(found, scale, clipped.Width, clipped.Height, options), f => f.Offset(clipped.X, clipped.Y));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _detector.Dispose();
        _windowDetector?.Dispose();
    }

    /// <summary>YuNet's output: one row per face: x, y, w, h, five landmarks (x, y: right eye, left eye, nose tip, right and left mouth corner), score.</summary>
    private static List<(Rect2d, FaceLandmarks?)> Rows(Mat faces)
    {
        var rows = faces.Rows;
        var columns = faces.Cols;
        var found = new List<(Rect2d, FaceLandmarks?)>(rows);
        if (rows == 0 || columns < 14)
        {
            return found;
        }

        var values = faces.AsSpan<float>();
        for (var i = 0; i < rows; i++)
        {
            var row = values.Slice(i * columns, columns);
            var landmarks = new FaceLandmarks(
                new FacePoint(row[4], row[5]), new FacePoint(row[6], row[7]), new FacePoint(row[8], row[9]), new FacePoint(row[10], row[11]), new FacePoint(row[12], row[13]));
            found.Add((new Rect2d(row[0], row[1], row[2], row[3]), landmarks));
        }

        return found;
    }

    private FaceDetectorYN CreateDetector(Size inputSize)
    {
        try
        {
            return FaceDetectorYN.Create(_modelPath, "", inputSize, _options.ScoreThreshold, _options.NmsThreshold, _options.TopK);
        }
        catch (OpenCVException ex)
        {
            throw new InvalidDataException($"{Path.GetFullPath(_modelPath)}: OpenCV cannot load it as a YuNet face model ({ex.ErrMsg.ReplaceLineEndings(" ").Trim()}).", ex);
        }
    }
}
