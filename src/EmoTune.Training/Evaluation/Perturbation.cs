using EmoTune.Training.Data;
using SkiaSharp;

namespace EmoTune.Training.Evaluation;

/// <summary>
/// Deterministic image corruptions for measuring robustness (<c>emotune evaluate --perturb NAME</c>), applied to the
/// grey evaluation images before the model's own preprocessing. Each is fixed, so anyone gets the same numbers:
/// <list type="bullet">
/// <item><c>dark</c>: every pixel × 0.45.</item>
/// <item><c>bright</c>: every pixel + 35 % of full scale (+89 grey levels), clipped at 255.</item>
/// <item><c>lowcontrast</c>: levels squeezed from 0–100 % into 30–70 % (pixel × 0.4 + 76.5).</item>
/// <item><c>blur</c>: Gaussian blur, σ 1.5 px at 48 px (scaled with the image), edges repeated.</item>
/// <item><c>jpeg</c>: JPEG at quality 30 and back (SkiaSharp's encoder).</item>
/// <item><c>rotate</c>: turned by +15° (even-numbered images) or −15° (odd) about the centre, bilinear, edges repeated.</item>
/// <item><c>small</c>: shrunk to half size (24 px for FER2013) by area averaging and enlarged back bilinearly.</item>
/// <item><c>noise</c>: Gaussian noise of σ 8 grey levels, seeded by the image's index, clipped.</item>
/// </list>
/// For evaluation only: never train or select on a perturbed copy of the test set.
/// </summary>
public static class Perturbation
{
    /// <summary>The perturbations, in the order <c>--perturb all</c> reports them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["dark", "bright", "lowcontrast", "blur", "jpeg", "rotate", "small", "noise"];

    /// <summary>A copy of <paramref name="data"/> with every image perturbed by <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown perturbation.</exception>
    public static FaceDataset Apply(FaceDataset data, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!Names.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown perturbation '{name}'; use one of {string.Join(", ", Names)} or all.", nameof(name));
        }

        var size = data.Width * data.Height;
        var pixels = (byte[])data.Pixels.Clone();
        Parallel.For(0, data.Count, i => Apply(name, pixels.AsSpan(i * size, size), data.Width, data.Height, i));
        return new FaceDataset($"{data.Name} ({name})", data.Width, data.Height, pixels, data.Labels, data.Sources);
    }

    /// <summary>Perturbs one grey image in place; <paramref name="index"/> seeds the per-image choices (rotation side, noise).</summary>
    public static void Apply(string name, Span<byte> image, int width, int height, int index)
    {
        switch (name)
        {
            case "dark":
                Map(image, p => p * 0.45);
                break;
            case "bright":
                Map(image, p => p + (0.35 * 255));
                break;
            case "lowcontrast":
                Map(image, p => (p * 0.4) + 76.5);
                break;
            case "blur":
                Blur(image, width, height, 1.5 * width / 48.0);
                break;
            case "jpeg":
                Jpeg(image, width, height, 30);
                break;
            case "rotate":
                Rotate(image, width, height, index % 2 == 0 ? 15 : -15);
                break;
            case "small":
                Small(image, width, height);
                break;
            case "noise":
                Noise(image, 8, index);
                break;
            default:
                throw new ArgumentException($"Unknown perturbation '{name}'.", nameof(name));
        }
    }

    private static void Map(Span<byte> image, Func<double, double> f)
    {
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = Clip(f(image[i]));
        }
    }

    private static byte Clip(double v) => (byte)Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), 0, 255);

    private static void Blur(Span<byte> image, int width, int height, double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new double[(2 * radius) + 1];
        for (var k = -radius; k <= radius; k++)
        {
            kernel[k + radius] = Math.Exp(-(k * k) / (2 * sigma * sigma));
        }

        var sum = kernel.Sum();
        var source = new double[image.Length];
        for (var i = 0; i < image.Length; i++)
        {
            source[i] = image[i];
        }

        var rows = new double[image.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double v = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    v += kernel[k + radius] * source[(y * width) + Math.Clamp(x + k, 0, width - 1)];
                }

                rows[(y * width) + x] = v / sum;
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double v = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    v += kernel[k + radius] * rows[(Math.Clamp(y + k, 0, height - 1) * width) + x];
                }

                image[(y * width) + x] = Clip(v / sum);
            }
        }
    }

    private static void Jpeg(Span<byte> image, int width, int height, int quality)
    {
        var info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        image.CopyTo(bitmap.GetPixelSpan());
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        using var decoded = SKBitmap.Decode(data, info) ?? throw new InvalidDataException("SkiaSharp could not decode its own JPEG.");
        decoded.GetPixelSpan()[..image.Length].CopyTo(image);
    }

    /// <summary>Bilinear sample with edges repeated.</summary>
    private static double Sample(byte[] source, int width, int height, double x, double y)
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var fx = x - x0;
        var fy = y - y0;
        var top = (source[(y0 * width) + x0] * (1 - fx)) + (source[(y0 * width) + x1] * fx);
        var bottom = (source[(y1 * width) + x0] * (1 - fx)) + (source[(y1 * width) + x1] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }

    private static void Rotate(Span<byte> image, int width, int height, double degrees)
    {
        var source = image.ToArray();
        var a = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(a), Math.Sin(a));
        var (cx, cy) = ((width - 1) / 2.0, (height - 1) / 2.0);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // The output pixel's source: the inverse rotation about the centre.
                var dx = x - cx;
                var dy = y - cy;
                image[(y * width) + x] = Clip(Sample(source, width, height, cx + (cos * dx) + (sin * dy), cy - (sin * dx) + (cos * dy)));
            }
        }
    }

    private static void Small(Span<byte> image, int width, int height)
    {
        var (w, h) = (Math.Max(1, width / 2), Math.Max(1, height / 2));
        var small = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var (x0, y0) = (2 * x, 2 * y);
                var (x1, y1) = (Math.Min(x0 + 1, width - 1), Math.Min(y0 + 1, height - 1));
                small[(y * w) + x] = Clip((image[(y0 * width) + x0] + image[(y0 * width) + x1] + image[(y1 * width) + x0] + image[(y1 * width) + x1]) / 4.0);
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[(y * width) + x] = Clip(Sample(small, w, h, ((x + 0.5) * w / width) - 0.5, ((y + 0.5) * h / height) - 0.5));
            }
        }
    }

    private static void Noise(Span<byte> image, double sigma, int index)
    {
        var rng = new Random(unchecked((index * 7919) + 17));
        for (var i = 0; i < image.Length; i++)
        {
            // Box–Muller.
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            image[i] = Clip(image[i] + (sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)));
        }
    }
}
