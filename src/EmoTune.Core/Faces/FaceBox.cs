namespace EmoTune.Core.Faces;

/// <summary>An axis-aligned face rectangle in frame pixels.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width, positive.</param>
/// <param name="Height">Height, positive.</param>
public readonly record struct FaceBox(int X, int Y, int Width, int Height)
{
    /// <summary>Area in pixels.</summary>
    public long Area => (long)Width * Height;

    /// <summary>Centre X.</summary>
    public double CenterX => X + (Width / 2.0);

    /// <summary>Centre Y.</summary>
    public double CenterY => Y + (Height / 2.0);

    /// <summary>Intersection over union with <paramref name="other"/>, in [0, 1].</summary>
    public double IoU(FaceBox other)
    {
        var x1 = Math.Max(X, other.X);
        var y1 = Math.Max(Y, other.Y);
        var x2 = Math.Min(X + Width, other.X + other.Width);
        var y2 = Math.Min(Y + Height, other.Y + other.Height);
        long inter = Math.Max(0, x2 - x1) * (long)Math.Max(0, y2 - y1);
        var union = Area + other.Area - inter;
        return union <= 0 ? 0 : (double)inter / union;
    }

    /// <summary>This box grown by <paramref name="margin"/> of its size on every side, clipped to a frame.</summary>
    public FaceBox Expand(double margin, int frameWidth, int frameHeight)
    {
        var dx = (int)Math.Round(Width * margin);
        var dy = (int)Math.Round(Height * margin);
        var x1 = Math.Clamp(X - dx, 0, frameWidth);
        var y1 = Math.Clamp(Y - dy, 0, frameHeight);
        var x2 = Math.Clamp(X + Width + dx, 0, frameWidth);
        var y2 = Math.Clamp(Y + Height + dy, 0, frameHeight);
        return new FaceBox(x1, y1, x2 - x1, y2 - y1);
    }
}
