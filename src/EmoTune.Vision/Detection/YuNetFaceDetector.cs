using System.Collections.Concurrent;
using EmoTune.Core.Faces;
using OpenCvSharp;

namespace EmoTune.Vision.Detection;

/// <summary>
/// Finds faces with YuNet through OpenCV's <c>FaceDetectorYN</c>, on the BGR frame brought to
/// <see cref="DetectionOptions.DetectionSide"/> (and, for still images, also enlarged to
/// <see cref="DetectionOptions.RoomyDetectionSide"/> for the faces missed at the usual side). The native detector is fixed to one input size, so the idle ones are kept
/// by size and one is made again for another size only when all are made. Whole-frame detections run
/// on a small pool of native detectors, one per core at most (<see cref="MaxConcurrentDetections"/>), made as they are
/// first needed: one YuNet call uses about one core (OpenCV's threads barely shorten it), so two streams' detections
/// that meet run side by side instead of one waiting for the other.
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
    /// <summary>Detectors not in use, by the input size they were made for.</summary>
    private readonly ConcurrentDictionary<(int Width, int Height), ConcurrentBag<FaceDetectorYN>> _idle = new();
    /// <summary>Counts the detectors in use, so that no more than <see cref="MaxConcurrentDetections"/> ever exist.</summary>
    private readonly SemaphoreSlim _slots;
    private int _created;
    private bool _disposed;
    /// <summary>Black pixels between the tiles of <see cref="DetectInWindows"/>, so no face is seen across two tiles.</summary>
    private const int WindowGap = 16;

    private readonly Lock _windowGate = new();
    private readonly Dictionary<int, FaceDetectorYN> _windowDetectors = [];

    private readonly LiveStreams? _streams;

    /// <summary>Loads the YuNet model at <see cref="DetectionOptions.YuNetPath"/>.</summary>
    /// <param name="options">The model, sides and thresholds.</param>
    /// <param name="streams">The app's live streams, which choose between <see cref="DetectionOptions.RoomyDetectionSide"/> and <see cref="DetectionOptions.DetectionSide"/>; null: the machine has room (a still image outside the app).</param>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">OpenCV cannot load the model.</exception>
    public YuNetFaceDetector(DetectionOptions options, LiveStreams? streams = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _streams = streams;
        _modelPath = options.YuNetPath;
        if (!File.Exists(_modelPath))
        {
            throw new FileNotFoundException(
                $"YuNet face model not found at {Path.GetFullPath(_modelPath)}. It is face_detection_yunet.onnx from the OpenCV Zoo, shipped in the repository's models/ "
                + "folder; set Vision:Detection:Detector to its path, or to haar-default.",
                _modelPath);
        }

        NativeHeap.KeepLargeBuffers();
        MaxConcurrentDetections = Math.Clamp(Environment.ProcessorCount, 1, 4);
        _slots = new SemaphoreSlim(MaxConcurrentDetections, MaxConcurrentDetections);
        // The first detector is made now, so that a model OpenCV cannot load fails at start, not at the first frame.
        var size = new Size(_options.DetectionSide, _options.DetectionSide);
        Idle(size).Add(CreateDetector(size));
        _created = 1;
    }

    /// <summary>The widest side a whole-frame detection looks at now: <see cref="DetectionOptions.RoomyDetectionSide"/> (the wider look, beside <see cref="DetectionOptions.DetectionSide"/>) while at most <see cref="DetectionOptions.RoomyDetectionMaxStreams"/> streams are live, else <see cref="DetectionOptions.DetectionSide"/>.</summary>
    public int CurrentDetectionSide => _options.DetectionSideWith(_options.HasRoomForWideLook(_streams));

    /// <summary>Whole-frame detections that can run at once: the machine's cores, at most 4.</summary>
    public int MaxConcurrentDetections { get; }

    /// <summary>Native whole-frame detectors made so far (at most <see cref="MaxConcurrentDetections"/>).</summary>
    public int DetectorsCreated => Volatile.Read(ref _created);

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

        var wide = CurrentDetectionSide;
        if (wide == _options.DetectionSide)
        {
            return DetectAt(frame, wide, _options.MaxDetectionSide is null ? 1.0 : DetectionOptions.YuNetMaxEnlargement);
        }

        // The wider look adds the faces the frame at its usual side missed (small ones, mostly); a face found both ways
        // keeps the usual side's box and landmarks, so a still image reads as a camera stream of it does.
        var near = DetectAt(frame, _options.DetectionSide, 1.0);
        var far = DetectAt(frame, wide, DetectionOptions.YuNetMaxEnlargement);
        return far.Length == 0 ? near : RotatingFaceDetector.Merge(near, far, _options.MaxFaces);
    }

    /// <summary>One YuNet pass over <paramref name="frame"/> brought to <paramref name="side"/> (enlarged by at most <paramref name="maxEnlargement"/>).</summary>
    private DetectedFace[] DetectAt(Mat frame, int side, double maxEnlargement)
    {
        var scale = DetectionFrame.ScaleFor(frame, side, maxEnlargement);
        using var bgr = new Mat();
        DetectionFrame.ToBgr(frame, bgr);
        DetectionFrame.Shrink(bgr, scale);
        using var faces = new Mat();
        var size = bgr.Size();
        _slots.Wait();
        FaceDetectorYN? detector = null;
        var making = false;
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
            if (!Idle(size).TryTake(out detector))
            {
                if (Interlocked.Increment(ref _created) <= MaxConcurrentDetections)
                {
                    // Fewer detectors than permits exist, so this one may be made.
                    making = true;
                    detector = CreateDetector(size);
                }
                else
                {
                    // All are made, so one of another size is idle (this call holds a permit, and no caller holds two
                    // detectors): it is made again for this size.
                    Interlocked.Decrement(ref _created);
                    foreach (var bag in _idle.Values)
                    {
                        if (bag.TryTake(out var old))
                        {
                            old.Dispose();
                            Interlocked.Decrement(ref _created);
                            break;
                        }
                    }

                    Interlocked.Increment(ref _created);
                    making = true;
                    detector = CreateDetector(size);
                }
            }

            making = false;
            detector.Detect(bgr, faces);
        }
        finally
        {
            if (detector is not null && Volatile.Read(ref _disposed))
            {
                detector.Dispose();
            }
            else if (detector is not null)
            {
                Idle(size).Add(detector);
            }
            else if (making)
            {
                // Making it failed: it does not count.
                Interlocked.Decrement(ref _created);
            }

            _slots.Release();
        }

        return DetectionFrame.ToFrameFaces(Rows(faces), scale, frame.Width, frame.Height, _options);
    }

    /// <summary>The idle detectors made for input <paramref name="size"/>.</summary>
    private ConcurrentBag<FaceDetectorYN> Idle(Size size) => _idle.GetOrAdd((size.Width, size.Height), _ => []);

    /// <summary>
    /// Each window is warped (turned upright by its roll, scaled) into a <see cref="DetectionOptions.WindowSide"/>-pixel
    /// tile; the tiles, a gap of black between them, make one strip that a second YuNet instance searches in one pass
    /// (one instance per tile count, kept), so following several faces costs one small detection, not one each, and
    /// never rebuilds a detector.
    /// </summary>
    /// <inheritdoc />
    public DetectedFace[][] DetectInWindows(Mat frame, IReadOnlyList<SearchWindow> windows)
    {
        DetectionFrame.Validate(frame);
        ArgumentNullException.ThrowIfNull(windows);
        var results = new DetectedFace[windows.Count][];
        if (windows.Count == 0)
        {
            return results;
        }

        var side = _options.WindowSide;
        var pitch = side + WindowGap;
        var inverses = new double[windows.Count][];
        // A BGR frame is warped from directly; only grey and BGRA frames are converted first (once, not per window).
        using var converted = frame.Channels() == 3 ? null : new Mat();
        if (converted is not null)
        {
            DetectionFrame.ToBgr(frame, converted);
        }

        var bgr = converted ?? frame;
        using var strip = new Mat(side, (pitch * windows.Count) - WindowGap, MatType.CV_8UC3, Scalar.All(0));
        for (var i = 0; i < windows.Count; i++)
        {
            var (forward, inverse) = windows[i].Transform(side);
            inverses[i] = inverse;
            using var matrix = Mat.FromPixelData(2, 3, MatType.CV_64FC1, forward);
            using var tile = new Mat(strip, new Rect(i * pitch, 0, side, side));
            Cv2.WarpAffine(bgr, tile, matrix, new Size(side, side), InterpolationFlags.Linear, BorderTypes.Constant);
        }

        using var faces = new Mat();
        lock (_windowGate)
        {
            if (!_windowDetectors.TryGetValue(windows.Count, out var detector))
            {
                detector = CreateDetector(strip.Size());
                _windowDetectors[windows.Count] = detector;
            }

            detector.Detect(strip, faces);
        }

        var found = Rows(faces);
        var options = _options with { MinFaceSize = 1 };
        for (var i = 0; i < windows.Count; i++)
        {
            // A face belongs to the tile its centre lies in; shift it to the tile's origin, then map it to the frame.
            var left = i * pitch;
            var inTile = found
                .Where(f => f.Item1.X + (f.Item1.Width / 2) >= left && f.Item1.X + (f.Item1.Width / 2) < left + side)
                .Select(f => (new Rect2d(f.Item1.X - left, f.Item1.Y, f.Item1.Width, f.Item1.Height), f.Item2?.Map(p => new FacePoint(p.X - left, p.Y))));
            var window = windows[i];
            results[i] = DetectionFrame.ToFrameFaces(inTile, 1, side, side, options)
                .Select(f => window.ToFrame(f, inverses[i], side, frame.Width, frame.Height))
                .Where(f => Math.Min(f.Box.Width, f.Box.Height) >= Math.Min(_options.MinFaceSize, 8))
                .ToArray();
        }

        return results;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        foreach (var bag in _idle.Values)
        {
            while (bag.TryTake(out var detector))
            {
                detector.Dispose();
            }
        }

        lock (_windowGate)
        {
            foreach (var detector in _windowDetectors.Values)
            {
                detector.Dispose();
            }

            _windowDetectors.Clear();
        }
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
