namespace EmoTune.Training.Data;

/// <summary>
/// Seeded augmentation of grey images into normalised floats: affine (shift, rotation, scale, flip) with bilinear
/// sampling and edge replication, then blur or low resolution (when asked for), lighting (brightness, contrast, gamma)
/// and random erasing. Lighting jitter is there because live webcams light faces far less evenly than FER2013's curated
/// crops; blur and low resolution because live faces are often soft or small (<c>evaluate --perturb blur</c> and
/// <c>small</c> cost the model 46 % and 25 % of its accuracy before it trained with them).
/// </summary>
public sealed class Augmenter(AugmentationOptions options)
{
    /// <summary>The options in use.</summary>
    public AugmentationOptions Options { get; } = options;

    /// <summary>
    /// Augments one <paramref name="width"/>×<paramref name="height"/> image into <paramref name="destination"/> as pixel values in [0, 1].
    /// </summary>
    public void Apply(ReadOnlySpan<byte> source, int width, int height, Span<float> destination, Random rng)
    {
        var o = Options;
        var flip = rng.NextDouble() < o.FlipProbability;
        var angle = Uniform(rng, o.MaxRotationDegrees) * Math.PI / 180;
        var scale = 1 + Uniform(rng, o.ScaleRange);
        var tx = Uniform(rng, o.MaxShift);
        var ty = Uniform(rng, o.MaxShift);
        var cx = (width - 1) / 2.0;
        var cy = (height - 1) / 2.0;
        var cos = Math.Cos(angle) / scale;
        var sin = Math.Sin(angle) / scale;

        // Inverse mapping: for each output pixel find the source coordinate.
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = x - cx - tx;
                var dy = y - cy - ty;
                var sx = (cos * dx) + (sin * dy) + cx;
                var sy = (-sin * dx) + (cos * dy) + cy;
                if (flip)
                {
                    sx = width - 1 - sx;
                }

                destination[(y * width) + x] = Bilinear.Sample(source, width, height, sx, sy) / 255f;
            }
        }

        var n = width * height;
        var pixels = destination[..n];
        if (rng.NextDouble() < o.BlurProbability)
        {
            Blur(pixels, width, height, 0.5 + (rng.NextDouble() * 1.5 * width / 48.0));
        }

        if (rng.NextDouble() < o.LowResolutionProbability)
        {
            var side = 16 + rng.Next(17);
            LowResolution(pixels, width, height, Math.Max(4, side * width / 48), Math.Max(4, side * height / 48));
        }

        if (o.Contrast > 0 || o.Brightness > 0 || o.Gamma > 0)
        {
            var gamma = 1 + Uniform(rng, o.Gamma);
            var contrast = 1 + Uniform(rng, o.Contrast);
            var brightness = Uniform(rng, o.Brightness);
            var mean = 0f;
            foreach (var p in pixels)
            {
                mean += p;
            }

            mean /= n;
            for (var i = 0; i < n; i++)
            {
                var v = MathF.Pow(Math.Clamp(pixels[i], 0f, 1f), (float)gamma);
                v = ((v - mean) * (float)contrast) + mean + (float)brightness;
                pixels[i] = Math.Clamp(v, 0f, 1f);
            }
        }

        if (rng.NextDouble() < o.ErasingProbability)
        {
            // Erase 4–25% of the area with an aspect ratio in [0.5, 2], filled with random grey.
            var area = n * (0.04 + (rng.NextDouble() * 0.21));
            var aspect = Math.Exp((rng.NextDouble() * 2 - 1) * Math.Log(2));
            var h = Math.Clamp((int)Math.Round(Math.Sqrt(area * aspect)), 1, height);
            var w = Math.Clamp((int)Math.Round(Math.Sqrt(area / aspect)), 1, width);
            var x0 = rng.Next(0, width - w + 1);
            var y0 = rng.Next(0, height - h + 1);
            for (var y = y0; y < y0 + h; y++)
            {
                for (var x = x0; x < x0 + w; x++)
                {
                    pixels[(y * width) + x] = (float)rng.NextDouble();
                }
            }
        }
    }

    private static double Uniform(Random rng, double range) => range == 0 ? 0 : ((rng.NextDouble() * 2) - 1) * range;

    /// <summary>Separable Gaussian blur in place, edges repeated.</summary>
    private static void Blur(Span<float> pixels, int width, int height, double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new float[(2 * radius) + 1];
        for (var k = -radius; k <= radius; k++)
        {
            kernel[k + radius] = (float)Math.Exp(-(k * k) / (2 * sigma * sigma));
        }

        var sum = kernel.Sum();
        var rows = new float[pixels.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    v += kernel[k + radius] * pixels[(y * width) + Math.Clamp(x + k, 0, width - 1)];
                }

                rows[(y * width) + x] = v / sum;
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    v += kernel[k + radius] * rows[(Math.Clamp(y + k, 0, height - 1) * width) + x];
                }

                pixels[(y * width) + x] = v / sum;
            }
        }
    }

    /// <summary>Shrinks to <paramref name="w"/>×<paramref name="h"/> by box averaging and enlarges back bilinearly, in place.</summary>
    private static void LowResolution(Span<float> pixels, int width, int height, int w, int h)
    {
        var small = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            var y0 = y * height / h;
            var y1 = Math.Max(y0 + 1, (y + 1) * height / h);
            for (var x = 0; x < w; x++)
            {
                var x0 = x * width / w;
                var x1 = Math.Max(x0 + 1, (x + 1) * width / w);
                var v = 0f;
                for (var yy = y0; yy < y1; yy++)
                {
                    for (var xx = x0; xx < x1; xx++)
                    {
                        v += pixels[(yy * width) + xx];
                    }
                }

                small[(y * w) + x] = v / ((y1 - y0) * (x1 - x0));
            }
        }

        for (var y = 0; y < height; y++)
        {
            var sy = Math.Clamp(((y + 0.5) * h / height) - 0.5, 0, h - 1);
            var ya = (int)sy;
            var yb = Math.Min(ya + 1, h - 1);
            var fy = (float)(sy - ya);
            for (var x = 0; x < width; x++)
            {
                var sx = Math.Clamp(((x + 0.5) * w / width) - 0.5, 0, w - 1);
                var xa = (int)sx;
                var xb = Math.Min(xa + 1, w - 1);
                var fx = (float)(sx - xa);
                var top = (small[(ya * w) + xa] * (1 - fx)) + (small[(ya * w) + xb] * fx);
                var bottom = (small[(yb * w) + xa] * (1 - fx)) + (small[(yb * w) + xb] * fx);
                pixels[(y * width) + x] = (top * (1 - fy)) + (bottom * fy);
            }
        }
    }
}
