namespace EmoTune.Training.Data;

/// <summary>
/// Seeded augmentation of grey images into normalised floats: affine (shift, rotation, scale, flip) with bilinear
/// sampling and edge replication, then lighting (brightness, contrast, gamma) and random erasing. Lighting jitter is
/// there because live webcams light faces far less evenly than FER2013's curated crops.
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
}
