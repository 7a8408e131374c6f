using System.Globalization;
using EmoTune.Core.Emotions;
using EmoTune.Core.Faces;
using OpenCvSharp;

namespace EmoTune.Vision.Annotation;

/// <summary>
/// Draws faces onto a frame: a yellow box and a white-on-black label above it (<c>#3 happy 87%</c>). The one drawing
/// code behind <c>emotune predict --annotate</c> and the server camera's MJPEG stream; the page draws the same look.
/// </summary>
public static class FaceAnnotator
{
    private const double FontScale = 0.6;
    private static readonly Scalar BoxColour = new(0, 215, 255);

    /// <summary>The label of a face: optional track id, top emotion and its probability (invariant culture).</summary>
    public static string Label(EmotionScores scores, int? trackId = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return Label(scores.Top.ToName(), scores.Confidence, trackId);
    }

    /// <summary>The label of a face from its parts (as sent to the page).</summary>
    public static string Label(string emotion, float confidence, int? trackId = null)
    {
        // "87%" as the page writes it (the invariant culture's P0 would give "87 %").
        var percent = (int)Math.Round(confidence * 100, MidpointRounding.AwayFromZero);
        return trackId is { } id
            ? string.Create(CultureInfo.InvariantCulture, $"#{id} {emotion} {percent}%")
            : string.Create(CultureInfo.InvariantCulture, $"{emotion} {percent}%");
    }

    /// <summary>Draws each face's box and label onto <paramref name="canvas"/> (8-bit BGR), in place.</summary>
    public static void Draw(Mat canvas, IEnumerable<(FaceBox Box, string Label)> faces)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(faces);
        var thickness = Math.Max(2, canvas.Width / 320);
        foreach (var (face, label) in faces)
        {
            var box = new Rect(face.X, face.Y, face.Width, face.Height);
            Cv2.Rectangle(canvas, box, BoxColour, thickness);
            var size = Cv2.GetTextSize(label, HersheyFonts.HersheySimplex, FontScale, 1, out _);
            var y = Math.Max(size.Height + 4, box.Y - 4);
            Cv2.Rectangle(canvas, new Rect(box.X, y - size.Height - 4, size.Width + 6, size.Height + 8), Scalar.Black, -1);
            Cv2.PutText(canvas, label, new Point(box.X + 3, y), HersheyFonts.HersheySimplex, FontScale, Scalar.White, 1, LineTypes.AntiAlias);
        }
    }
}
