using EmoTune.Core.Faces;

namespace EmoTune.Vision.Detection;

/// <summary>
/// A square part of a frame to look for a known face in: <see cref="Box"/> in frame pixels, turned by
/// <see cref="Roll"/> degrees (the face's head tilt, from its landmarks) so that the face is upright when searched.
/// </summary>
/// <param name="Box">The window, in frame pixels; it may reach beyond the frame (black there).</param>
/// <param name="Roll">The face's roll in degrees (<see cref="FaceLandmarks.RollDegrees"/>); 0 for an upright search.</param>
public sealed record SearchWindow(FaceBox Box, double Roll = 0)
{
    /// <summary>
    /// The window to look for <paramref name="face"/> again in: a square <paramref name="scale"/> times its box's longer
    /// side about its centre, turned by its head tilt (from its landmarks) so that the detector sees it upright.
    /// </summary>
    public static SearchWindow Around(DetectedFace face, double scale)
    {
        ArgumentNullException.ThrowIfNull(face);
        var box = face.Box;
        var side = (int)Math.Round(Math.Max(box.Width, box.Height) * scale);
        var square = new FaceBox((int)Math.Round(box.CenterX - (side / 2.0)), (int)Math.Round(box.CenterY - (side / 2.0)), side, side);
        return new SearchWindow(square, face.Landmarks?.RollDegrees ?? 0);
    }

    /// <summary>
    /// The 2×3 affine map (row-major) from frame pixels to a <paramref name="side"/>-pixel square tile in which the
    /// window's content is upright and fills the tile; and its inverse, from tile pixels back to the frame.
    /// </summary>
    public (double[] Forward, double[] Inverse) Transform(int side)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(side);
        var scale = (double)side / Math.Max(1, Math.Max(Box.Width, Box.Height));
        var a = Roll * Math.PI / 180;
        var (cos, sin) = (Math.Cos(a), Math.Sin(a));
        var (cx, cy, h) = (Box.CenterX, Box.CenterY, side / 2.0);

        // Forward: t = s·[[cos, sin], [−sin, cos]]·(p − c) + h turns the tilted face upright; inverse undoes it.
        double[] forward = [scale * cos, scale * sin, h - (scale * ((cos * cx) + (sin * cy))), -scale * sin, scale * cos, h - (scale * ((-sin * cx) + (cos * cy)))];
        double[] inverse = [cos / scale, -sin / scale, cx - (((cos * h) - (sin * h)) / scale), sin / scale, cos / scale, cy - (((sin * h) + (cos * h)) / scale)];
        return (forward, inverse);
    }

    /// <summary>A face found in the tile of <see cref="Transform"/>, mapped back to the frame: its box about the mapped centre, sized by the scale; landmarks exactly.</summary>
    public DetectedFace ToFrame(DetectedFace tileFace, double[] inverse, int side, int frameWidth, int frameHeight)
    {
        ArgumentNullException.ThrowIfNull(tileFace);
        ArgumentNullException.ThrowIfNull(inverse);
        FacePoint Map(FacePoint p) => new((inverse[0] * p.X) + (inverse[1] * p.Y) + inverse[2], (inverse[3] * p.X) + (inverse[4] * p.Y) + inverse[5]);
        var scale = (double)side / Math.Max(1, Math.Max(Box.Width, Box.Height));
        var centre = Map(new FacePoint(tileFace.Box.CenterX, tileFace.Box.CenterY));
        var (w, h) = (tileFace.Box.Width / scale, tileFace.Box.Height / scale);
        var box = new FaceBox((int)Math.Round(centre.X - (w / 2)), (int)Math.Round(centre.Y - (h / 2)), (int)Math.Round(w), (int)Math.Round(h)).Expand(0, frameWidth, frameHeight);
        return new DetectedFace(box, tileFace.Landmarks?.Map(Map));
    }
}
