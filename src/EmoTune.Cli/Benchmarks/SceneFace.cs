namespace EmoTune.Cli.Benchmarks;

/// <summary>A face pasted into a generated scene: where it is, how big and tilted, and its true emotion.</summary>
/// <param name="Label">FER2013 class index (the folder it came from).</param>
/// <param name="CentreX">Centre of the pasted square, frame pixels.</param>
/// <param name="CentreY">Centre of the pasted square, frame pixels.</param>
/// <param name="Side">Side of the pasted square (the whole 48×48 crop, enlarged), frame pixels.</param>
/// <param name="Rotation">In-plane rotation, degrees (positive: clockwise on screen).</param>
/// <param name="File">The FER2013 image pasted.</param>
internal sealed record SceneFace(int Label, double CentreX, double CentreY, double Side, double Rotation, string File)
{
    /// <summary>True when (<paramref name="x"/>, <paramref name="y"/>) lies inside the rotated square.</summary>
    public bool Contains(double x, double y)
    {
        var a = -Rotation * Math.PI / 180;
        var dx = x - CentreX;
        var dy = y - CentreY;
        var u = (dx * Math.Cos(a)) - (dy * Math.Sin(a));
        var v = (dx * Math.Sin(a)) + (dy * Math.Cos(a));
        return Math.Abs(u) <= Side / 2 && Math.Abs(v) <= Side / 2;
    }

    /// <summary>The rotated square's corners, for drawing.</summary>
    public (double X, double Y)[] Corners()
    {
        var a = Rotation * Math.PI / 180;
        var h = Side / 2;
        return [.. new[] { (-h, -h), (h, -h), (h, h), (-h, h) }.Select(p => (CentreX + (p.Item1 * Math.Cos(a)) - (p.Item2 * Math.Sin(a)), CentreY + (p.Item1 * Math.Sin(a)) + (p.Item2 * Math.Cos(a))))];
    }
}
