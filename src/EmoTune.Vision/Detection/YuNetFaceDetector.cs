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
    private FaceDetectorYN _detector;
    private Size _inputSize;

    /// <summary>Loads the YuNet model at <see cref="DetectionOptions.Detector"/>.</summary>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">OpenCV cannot load the model.</exception>
    public YuNetFaceDetector(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _modelPath = options.Detector;
        if (!File.Exists(_modelPath))
        {
            throw new FileNotFoundException(
                $"YuNet face model not found at {_modelPath}. It is face_detection_yunet.onnx from the OpenCV Zoo (not in the Debian package opencv-data, "
                + "which holds only the cascades); set Vision:Detection:Detector to its path, or to haar-default.",
                _modelPath);
        }

        _inputSize = new Size(_options.MaxDetectionSide, _options.MaxDetectionSide);
        _detector = CreateDetector(_inputSize);
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

        // One row per face: x, y, w, h, five landmarks (x, y), score.
        var rows = faces.Rows;
        var columns = faces.Cols;
        var values = faces.AsSpan<float>();
        var found = new List<Rect2d>(rows);
        for (var i = 0; i < rows; i++)
        {
            var row = values.Slice(i * columns, columns);
            found.Add(new Rect2d(row[0], row[1], row[2], row[3]));
        }

        return DetectionFrame.ToFrameBoxes(found, scale, frame, _options);
    }

    /// <inheritdoc />
    public void Dispose() => _detector.Dispose();

    private FaceDetectorYN CreateDetector(Size inputSize)
    {
        try
        {
            return FaceDetectorYN.Create(_modelPath, "", inputSize, _options.ScoreThreshold, _options.NmsThreshold, _options.TopK);
        }
        catch (OpenCVException ex)
        {
            throw new InvalidDataException($"{_modelPath}: OpenCV cannot load it as a YuNet face model: {ex.Message}", ex);
        }
    }
}
