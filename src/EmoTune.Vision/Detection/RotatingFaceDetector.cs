using EmoTune.Core.Faces;
using OpenCvSharp;

namespace EmoTune.Vision.Detection;

/// <summary>
/// Looks for faces in the frame as it is and turned by ±<see cref="DetectionOptions.RotatedPasses"/> degrees, so a
/// detector trained on upright faces also finds tilted ones; each pass's faces are turned back into the frame (box about
/// its centre, landmarks exactly) and overlapping finds merged, the upright pass first. Costs one detection per pass.
/// </summary>
/// <remarks>
/// On <c>emotune bench scenes</c> (400 frames, docs/BENCHMARKS.md) passes at ±20° raised YuNet's recall from 58.9 % to
/// 72.4 % (faces tilted 10–25°: 53.7 % to 70.5 %; upright ones gained too, 66.4 % to 75.3 %) and haar-default's from
/// 25.9 % to 40.1 %, at three detections per frame. While more than <see cref="DetectionOptions.RotatedPassesMaxStreams"/>
/// streams are live (<see cref="LiveStreams"/>), it detects upright only: the passes are for a machine with room.
/// A <see cref="Tracking.FaceFollower"/> does not call all three at once: it spreads them over a stream's frames
/// (<see cref="Upright"/>, then <see cref="DetectTurned"/>), so no frame pays for three detections.
/// </remarks>
/// <param name="inner">The upright detector (it must allow concurrent calls, as <see cref="YuNetFaceDetector"/>'s pool does).</param>
/// <param name="options">The turn and the stream limit.</param>
/// <param name="streams">The app's live streams; null: the passes always run.</param>
public sealed class RotatingFaceDetector(IFaceDetector inner, DetectionOptions options, LiveStreams? streams = null) : IFaceDetector, IDisposable
{
    /// <summary>The detector of the upright pass.</summary>
    public IFaceDetector Upright => inner;

    /// <summary>The turns of the passes beside the upright one (+θ, −θ), or none while the machine has no room for them.</summary>
    public double[] Turns => options.RotatedPasses > 0 && options.HasRoom(streams)
        ? [options.RotatedPasses, -options.RotatedPasses]
        : [];

    /// <inheritdoc />
    public FaceBox[] Detect(Mat frame) => Array.ConvertAll(DetectFaces(frame), f => f.Box);

    /// <inheritdoc />
    /// <remarks>
    /// The three passes run at once (the inner detector must allow concurrent calls, as <see cref="YuNetFaceDetector"/>'s
    /// pool does), so on a machine with a free core a frame waits for about one pass, not three; the faces are merged in
    /// the same order whatever pass ends first.
    /// </remarks>
    public DetectedFace[] DetectFaces(Mat frame)
    {
        DetectionFrame.Validate(frame);
        var turns = Turns;
        if (frame.Empty() || turns.Length == 0)
        {
            return inner.DetectFaces(frame);
        }

        double[] angles = [0, .. turns];
        var passes = new DetectedFace[angles.Length][];
        try
        {
            Parallel.For(0, angles.Length, i => passes[i] = Pass(frame, angles[i]));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // A pass's own exception, as a lone call would throw it (callers map exception types to answers).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
        return Merge(passes[0], passes.Skip(1).SelectMany(p => p), options.MaxFaces);
    }

    /// <summary>
    /// One turned pass: the faces found in <paramref name="frame"/> turned by <paramref name="angle"/> degrees, turned
    /// back into the frame (box about its centre, landmarks exactly).
    /// </summary>
    /// <exception cref="ArgumentException">The frame is not 8-bit with 1, 3 or 4 channels.</exception>
    public DetectedFace[] DetectTurned(Mat frame, double angle)
    {
        DetectionFrame.Validate(frame);
        return frame.Empty() ? [] : Pass(frame, angle);
    }

    /// <summary>
    /// <paramref name="known"/> with each of <paramref name="more"/> that overlaps none of them (IoU under 0.3) added;
    /// largest first, then top to bottom and left to right, at most <paramref name="maxFaces"/>.
    /// </summary>
    public static DetectedFace[] Merge(IEnumerable<DetectedFace> known, IEnumerable<DetectedFace> more, int maxFaces)
    {
        var found = new List<DetectedFace>(known);
        foreach (var face in more)
        {
            if (found.All(f => f.Box.IoU(face.Box) < 0.3))
            {
                found.Add(face);
            }
        }

        return [.. found.OrderByDescending(f => f.Box.Area).ThenBy(f => f.Box.Y).ThenBy(f => f.Box.X).Take(maxFaces)];
    }

    /// <summary>The faces found in the frame turned by <paramref name="angle"/> degrees, turned back into the frame.</summary>
    private DetectedFace[] Pass(Mat frame, double angle)
    {
        if (angle == 0)
        {
            return inner.DetectFaces(frame);
        }

        // Turn the frame by angle (counter-clockwise on screen for positive angles) about its centre; a face found
        // there is turned back by the inverse map.
        var centre = new Point2f(frame.Width / 2f, frame.Height / 2f);
        using var turn = Cv2.GetRotationMatrix2D(centre, angle, 1.0);
        using var turned = new Mat();
        Cv2.WarpAffine(frame, turned, turn, frame.Size(), InterpolationFlags.Linear, BorderTypes.Replicate);
        using var back = new Mat();
        Cv2.InvertAffineTransform(turn, back);
        var m = new double[6];
        for (var i = 0; i < 6; i++)
        {
            m[i] = back.At<double>(i / 3, i % 3);
        }

        FacePoint Back(FacePoint p) => new((m[0] * p.X) + (m[1] * p.Y) + m[2], (m[3] * p.X) + (m[4] * p.Y) + m[5]);
        var mapped = new List<DetectedFace>();
        foreach (var face in inner.DetectFaces(turned))
        {
            var c = Back(new FacePoint(face.Box.CenterX, face.Box.CenterY));
            var box = new FaceBox((int)Math.Round(c.X - (face.Box.Width / 2.0)), (int)Math.Round(c.Y - (face.Box.Height / 2.0)), face.Box.Width, face.Box.Height)
                .Expand(0, frame.Width, frame.Height);
            if (box.Width > 0 && box.Height > 0)
            {
                mapped.Add(new DetectedFace(box, face.Landmarks?.Map(Back)));
            }
        }

        return [.. mapped];
    }

    /// <inheritdoc />
    public DetectedFace[][] DetectInWindows(Mat frame, IReadOnlyList<SearchWindow> windows) => inner.DetectInWindows(frame, windows);

    /// <inheritdoc />
    public void Dispose() => (inner as IDisposable)?.Dispose();
}
