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
/// 25.9 % to 40.1 %, at three detections per frame.
/// </remarks>
public sealed class RotatingFaceDetector(IFaceDetector inner, DetectionOptions options) : IFaceDetector, IDisposable
{
    /// <inheritdoc />
    public FaceBox[] Detect(Mat frame) => Array.ConvertAll(DetectFaces(frame), f => f.Box);

    /// <inheritdoc />
    public DetectedFace[] DetectFaces(Mat frame)
    {
        DetectionFrame.Validate(frame);
        var found = new List<DetectedFace>(inner.DetectFaces(frame));
        if (frame.Empty() || options.RotatedPasses <= 0)
        {
            return [.. found];
        }

        var centre = new Point2f(frame.Width / 2f, frame.Height / 2f);
        foreach (var angle in new[] { options.RotatedPasses, -options.RotatedPasses })
        {
            // Turn the frame by angle (counter-clockwise on screen for positive angles) about its centre; a face found
            // there is turned back by the inverse map.
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
            foreach (var face in inner.DetectFaces(turned))
            {
                var c = Back(new FacePoint(face.Box.CenterX, face.Box.CenterY));
                var box = new FaceBox((int)Math.Round(c.X - (face.Box.Width / 2.0)), (int)Math.Round(c.Y - (face.Box.Height / 2.0)), face.Box.Width, face.Box.Height)
                    .Expand(0, frame.Width, frame.Height);
                var mapped = new DetectedFace(box, face.Landmarks?.Map(Back));
                if (box.Width > 0 && box.Height > 0 && found.All(f => f.Box.IoU(box) < 0.3))
                {
                    found.Add(mapped);
                }
            }
        }

        return [.. found.OrderByDescending(f => f.Box.Area).ThenBy(f => f.Box.Y).ThenBy(f => f.Box.X).Take(options.MaxFaces)];
    }

    /// <inheritdoc />
    public DetectedFace[][] DetectInWindows(Mat frame, IReadOnlyList<SearchWindow> windows) => inner.DetectInWindows(frame, windows);

    /// <inheritdoc />
    public void Dispose() => (inner as IDisposable)?.Dispose();
}
