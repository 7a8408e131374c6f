using System.Buffers;
using System.Diagnostics;
using EmoTune.Core.Faces;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace EmoTune.Vision.Inference;

/// <summary>
/// A frame in, its faces and their emotions out: detect, crop every face, classify them all in one model run. Thread-safe
/// as far as its parts are (detection is serialised, classification is not); the batch buffer is pooled.
/// </summary>
public sealed partial class EmotionPipeline
{
    private readonly IFaceDetector _detector;
    private readonly IEmotionClassifier _classifier;
    private readonly FaceCropper _cropper;
    private readonly ILogger<EmotionPipeline> _logger;

    /// <summary>Joins a detector and a classifier; crops follow the classifier's spec.</summary>
    public EmotionPipeline(IFaceDetector detector, IEmotionClassifier classifier, FaceCropOptions crop, ILogger<EmotionPipeline>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(crop);
        _detector = detector;
        _classifier = classifier;
        _cropper = new FaceCropper(classifier.Spec, crop);
        _logger = logger ?? NullLogger<EmotionPipeline>.Instance;
    }

    /// <summary>Detects the faces in <paramref name="frame"/> and classifies them, largest face first.</summary>
    /// <param name="frame">8-bit grey, BGR or BGRA frame.</param>
    public IReadOnlyList<FaceResult> Process(Mat frame) => Process(frame, null);

    /// <summary>
    /// <see cref="Process(Mat)"/> for a frame of a stream: its faces come from <paramref name="follower"/>, which detects
    /// on the whole frame only now and then and otherwise around the faces it knows; null detects on the whole frame.
    /// </summary>
    public IReadOnlyList<FaceResult> Process(Mat frame, FaceFollower? follower)
    {
        var start = Stopwatch.GetTimestamp();
        var faces = follower is null ? _detector.DetectFaces(frame) : follower.Next(frame);
        var detected = Stopwatch.GetTimestamp();
        var results = Classify(frame, faces);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogFrame(_logger, faces.Length, Stopwatch.GetElapsedTime(start, detected).TotalMilliseconds, Stopwatch.GetElapsedTime(detected).TotalMilliseconds);
        }

        return results;
    }

    /// <summary>Classifies faces already located in <paramref name="frame"/>, in one model run; results keep their order.</summary>
    public IReadOnlyList<FaceResult> Classify(Mat frame, IReadOnlyList<FaceBox> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        return Classify(frame, faces.Select(b => new DetectedFace(b)).ToArray());
    }

    /// <summary>
    /// Classifies detected faces in one model run (aligned by their landmarks where they have them and the crop options
    /// say so); results keep their order.
    /// </summary>
    public IReadOnlyList<FaceResult> Classify(Mat frame, IReadOnlyList<DetectedFace> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        if (faces.Count == 0)
        {
            return [];
        }

        var length = faces.Count * _cropper.ImageLength;
        var batch = ArrayPool<float>.Shared.Rent(length);
        try
        {
            _cropper.Crop(frame, faces, batch);
            var scores = _classifier.Classify(batch.AsMemory(0, length), faces.Count);
            var results = new FaceResult[faces.Count];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = new FaceResult(faces[i].Box, scores[i]);
            }

            return results;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(batch);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Frame: {Faces} face(s), detection {DetectMs:F1} ms, classification {ClassifyMs:F1} ms")]
    private static partial void LogFrame(ILogger logger, int faces, double detectMs, double classifyMs);
}
