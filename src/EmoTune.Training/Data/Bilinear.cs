using System.Numerics;

namespace EmoTune.Training.Data;

/// <summary>Bilinear sampling with edge replication, shared by training augmentation and test-time views.</summary>
internal static class Bilinear
{
    /// <summary>The value at (<paramref name="x"/>, <paramref name="y"/>); coordinates outside the image take the nearest edge pixel.</summary>
    public static float Sample<T>(ReadOnlySpan<T> src, int width, int height, double x, double y)
        where T : INumberBase<T>
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var fx = (float)(x - x0);
        var fy = (float)(y - y0);
        var top = (At(src, width, x0, y0) * (1 - fx)) + (At(src, width, x1, y0) * fx);
        var bottom = (At(src, width, x0, y1) * (1 - fx)) + (At(src, width, x1, y1) * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }

    private static float At<T>(ReadOnlySpan<T> src, int width, int x, int y)
        where T : INumberBase<T> => float.CreateTruncating(src[(y * width) + x]);
}
