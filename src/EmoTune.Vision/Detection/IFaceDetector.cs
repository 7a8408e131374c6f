using EmoTune.Core.Faces;
using OpenCvSharp;

namespace EmoTune.Vision.Detection;

/// <summary>Finds faces in a camera frame.</summary>
public interface IFaceDetector
{
    /// <summary>
    /// Detects faces in <paramref name="frame"/>, an 8-bit grey, BGR or BGRA image. Boxes are in <paramref name="frame"/>'s
    /// pixels, clipped to it, largest first, at most <see cref="DetectionOptions.MaxFaces"/>. An empty frame has no faces.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is not 8-bit with 1, 3 or 4 channels.</exception>
    FaceBox[] Detect(Mat frame);

    /// <summary>
    /// <see cref="Detect"/> with each face's landmarks where the detector finds them (YuNet); the cascades have none.
    /// Same boxes, same order.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is not 8-bit with 1, 3 or 4 channels.</exception>
    DetectedFace[] DetectFaces(Mat frame) => Array.ConvertAll(Detect(frame), b => new DetectedFace(b));

    /// <summary>
    /// Detects faces within <paramref name="window"/> of <paramref name="frame"/> only (a known face's surroundings, for
    /// <see cref="Tracking.FaceFollower"/>); boxes and landmarks in frame pixels. The window is clipped to the frame.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is not 8-bit with 1, 3 or 4 channels.</exception>
    DetectedFace[] DetectIn(Mat frame, FaceBox window)
    {
        DetectionFrame.Validate(frame);
        var clipped = window.Expand(0, frame.Width, frame.Height);
        if (clipped.Width < 8 || clipped.Height < 8)
        {
            return [];
        }

        using var roi = new Mat(frame, new Rect(clipped.X, clipped.Y, clipped.Width, clipped.Height));
        return Array.ConvertAll(DetectFaces(roi), f => f.Offset(clipped.X, clipped.Y));
    }

    /// <summary><see cref="DetectIn"/> for several windows of one frame; a detector may search them all in one pass.</summary>
    /// <exception cref="ArgumentException">The frame is not 8-bit with 1, 3 or 4 channels.</exception>
    DetectedFace[][] DetectInWindows(Mat frame, IReadOnlyList<FaceBox> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return [.. windows.Select(w => DetectIn(frame, w))];
    }
}
