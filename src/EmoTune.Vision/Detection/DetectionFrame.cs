using EmoTune.Core.Faces;
using OpenCvSharp;

namespace EmoTune.Vision.Detection;

/// <summary>
/// The frame handling both detectors share: checking the pixel format, converting to grey or BGR, shrinking to the
/// detection size, and mapping boxes found on the shrunk copy back to the frame.
/// </summary>
internal static class DetectionFrame
{
    /// <summary>Throws unless <paramref name="frame"/> is 8-bit grey, BGR or BGRA.</summary>
    public static void Validate(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Depth() != MatType.CV_8U || frame.Channels() is not (1 or 3 or 4))
        {
            throw new ArgumentException($"Expected an 8-bit grey, BGR or BGRA frame; got type {frame.Type()}.", nameof(frame));
        }
    }

    /// <summary>Writes the grey version of a validated frame into <paramref name="grey"/>.</summary>
    public static void ToGrey(Mat frame, Mat grey)
    {
        switch (frame.Channels())
        {
            case 1:
                frame.CopyTo(grey);
                break;
            case 3:
                Cv2.CvtColor(frame, grey, ColorConversionCodes.BGR2GRAY);
                break;
            default:
                Cv2.CvtColor(frame, grey, ColorConversionCodes.BGRA2GRAY);
                break;
        }
    }

    /// <summary>Writes the BGR version of a validated frame into <paramref name="bgr"/>.</summary>
    public static void ToBgr(Mat frame, Mat bgr)
    {
        switch (frame.Channels())
        {
            case 1:
                Cv2.CvtColor(frame, bgr, ColorConversionCodes.GRAY2BGR);
                break;
            case 3:
                frame.CopyTo(bgr);
                break;
            default:
                Cv2.CvtColor(frame, bgr, ColorConversionCodes.BGRA2BGR);
                break;
        }
    }

    /// <summary>
    /// The factor that brings the longer side of <paramref name="frame"/> to <paramref name="side"/>: at most 1 (only
    /// shrinking), or, with <paramref name="maxEnlargement"/> above 1, enlarging smaller frames by up to that factor.
    /// </summary>
    public static double ScaleFor(Mat frame, int side, double maxEnlargement = 1.0) =>
        Math.Min(maxEnlargement, (double)side / Math.Max(frame.Width, frame.Height));

    /// <summary>Resizes <paramref name="source"/> by <paramref name="scale"/> in place (area averaging to shrink, bilinear to enlarge); a scale of 1 leaves it.</summary>
    public static void Shrink(Mat source, double scale)
    {
        if (scale != 1.0)
        {
            var size = new Size(Math.Max(1, (int)Math.Round(source.Width * scale)), Math.Max(1, (int)Math.Round(source.Height * scale)));
            Cv2.Resize(source, source, size, 0, 0, scale < 1.0 ? InterpolationFlags.Area : InterpolationFlags.Linear);
        }
    }

    /// <summary>
    /// Maps rectangles found at <paramref name="scale"/> back to the frame, clips them to it, drops those smaller than
    /// <see cref="DetectionOptions.MinFaceSize"/>, and keeps the <see cref="DetectionOptions.MaxFaces"/> largest, largest first.
    /// </summary>
    public static FaceBox[] ToFrameBoxes(IEnumerable<Rect2d> found, double scale, Mat frame, DetectionOptions options) =>
        Array.ConvertAll(ToFrameFaces(found.Select(r => (r, (FaceLandmarks?)null)), scale, frame.Width, frame.Height, options), f => f.Box);

    /// <summary><see cref="ToFrameBoxes"/> for faces with landmarks, which are mapped back to the frame too (not clipped).</summary>
    public static DetectedFace[] ToFrameFaces(IEnumerable<(Rect2d Rect, FaceLandmarks? Landmarks)> found, double scale, int width, int height, DetectionOptions options)
    {
        var faces = new List<DetectedFace>();
        foreach (var (r, landmarks) in found)
        {
            var x1 = Math.Clamp((int)Math.Round(r.X / scale), 0, width);
            var y1 = Math.Clamp((int)Math.Round(r.Y / scale), 0, height);
            var x2 = Math.Clamp((int)Math.Round((r.X + r.Width) / scale), 0, width);
            var y2 = Math.Clamp((int)Math.Round((r.Y + r.Height) / scale), 0, height);
            if (Math.Min(x2 - x1, y2 - y1) >= options.MinFaceSize)
            {
                faces.Add(new DetectedFace(new FaceBox(x1, y1, x2 - x1, y2 - y1), landmarks?.Map(p => new FacePoint(p.X / scale, p.Y / scale))));
            }
        }

        return faces
            .OrderByDescending(f => f.Box.Area)
            .ThenBy(f => f.Box.Y)
            .ThenBy(f => f.Box.X)
            .Take(options.MaxFaces)
            .ToArray();
    }
}
