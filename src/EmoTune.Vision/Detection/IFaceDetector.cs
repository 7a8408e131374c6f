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
    /// <see cref="Tracking.FaceFollower"/>); boxes and landmarks in frame pixels.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is not 8-bit with 1, 3 or 4 channels.</exception>
    DetectedFace[] DetectIn(Mat frame, FaceBox window) => DetectInWindows(frame, [new SearchWindow(window)])[0];

    /// <summary>
    /// <see cref="DetectIn"/> for several windows of one frame, each turned by its <see cref="SearchWindow.Roll"/> so its
    /// face is upright; a detector may search them all in one pass. By default each window is cut out at its own
    /// resolution (turned, black beyond the frame) and searched with <see cref="DetectFaces"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is not 8-bit with 1, 3 or 4 channels.</exception>
    DetectedFace[][] DetectInWindows(Mat frame, IReadOnlyList<SearchWindow> windows)
    {
        DetectionFrame.Validate(frame);
        ArgumentNullException.ThrowIfNull(windows);
        var results = new DetectedFace[windows.Count][];
        for (var i = 0; i < windows.Count; i++)
        {
            var side = Math.Max(8, Math.Max(windows[i].Box.Width, windows[i].Box.Height));
            var (forward, inverse) = windows[i].Transform(side);
            using var matrix = Mat.FromPixelData(2, 3, MatType.CV_64FC1, forward);
            using var tile = new Mat();
            Cv2.WarpAffine(frame, tile, matrix, new Size(side, side), InterpolationFlags.Linear, BorderTypes.Constant);
            results[i] = Array.ConvertAll(DetectFaces(tile), f => windows[i].ToFrame(f, inverse, side, frame.Width, frame.Height));
        }

        return results;
    }
}
