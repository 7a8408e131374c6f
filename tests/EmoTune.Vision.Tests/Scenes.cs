using EmoTune.Core.Faces;
using EmoTune.Testing;
using OpenCvSharp;

namespace EmoTune.Vision.Tests;

/// <summary>
/// Camera-like frames the tests build themselves: FER2013 test faces, enlarged, pasted at known places on a shaded,
/// slightly noisy background; and frames with no face at all.
/// </summary>
internal static class Scenes
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>A FER2013 test face (48×48 grey) by class and file name.</summary>
    public static Mat LoadFace(string className, string fileName)
    {
        var path = Path.Combine(SharedData.Fer2013Test, className, fileName);
        var face = Cv2.ImRead(path, ImreadModes.Grayscale);
        if (face.Empty())
        {
            face.Dispose();
            throw new InvalidOperationException($"{path}: missing or not an image.");
        }

        return face;
    }

    /// <summary>A 640×480 grey frame with each face pasted, enlarged to its box; the boxes are where they went.</summary>
    public static Mat Create(IReadOnlyList<(Mat Face, FaceBox Box)> faces, int seed = 1)
    {
        var frame = Background(seed);
        foreach (var (face, box) in faces)
        {
            using var enlarged = new Mat();
            Cv2.Resize(face, enlarged, new Size(box.Width, box.Height), 0, 0, InterpolationFlags.Cubic);
            using var target = new Mat(frame, new Rect(box.X, box.Y, box.Width, box.Height));
            enlarged.CopyTo(target);
        }

        return frame;
    }

    /// <summary>A left-to-right shade from 70 to 170 with ±12 of seeded noise: textured enough to tempt a detector.</summary>
    public static Mat Background(int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                pixels[(y * Width) + x] = (byte)Math.Clamp(70 + (100 * x / Width) + rng.Next(-12, 13), 0, 255);
            }
        }

        return FromPixels(pixels, Width, Height);
    }

    /// <summary>One flat grey value everywhere.</summary>
    public static Mat Blank(byte value = 128) => new(Height, Width, MatType.CV_8UC1, new Scalar(value));

    /// <summary>Uniform random pixels.</summary>
    public static Mat Noise(int seed)
    {
        var pixels = new byte[Width * Height];
        new Random(seed).NextBytes(pixels);
        return FromPixels(pixels, Width, Height);
    }

    /// <summary>The BGR version of a grey frame.</summary>
    public static Mat ToBgr(Mat grey)
    {
        var bgr = new Mat();
        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
        return bgr;
    }

    /// <summary>A grey Mat owning a copy of <paramref name="pixels"/>.</summary>
    public static Mat FromPixels(byte[] pixels, int width, int height)
    {
        var mat = new Mat(height, width, MatType.CV_8UC1);
        mat.SetArray(pixels);
        return mat;
    }

    /// <summary>True when <paramref name="found"/> is centred within a quarter of <paramref name="placed"/>'s side of it and of similar size.</summary>
    public static bool IsNear(FaceBox found, FaceBox placed)
    {
        var side = Math.Max(placed.Width, placed.Height);
        var ratio = (double)found.Width / placed.Width;
        return Math.Abs(found.CenterX - placed.CenterX) <= side / 4.0
            && Math.Abs(found.CenterY - placed.CenterY) <= side / 4.0
            && ratio is >= 0.5 and <= 1.6;
    }
}
