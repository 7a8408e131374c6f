namespace EmoTune.Core.ModelSpec;

/// <summary>
/// The one preprocessing path shared by training, evaluation and live inference: a grey image of any size is
/// resampled to the model's input size (area averaging when shrinking, bilinear when enlarging) and normalised
/// as <c>(pixel / 255 - mean) / std</c>. Pure managed code, so a model sees the same numbers everywhere.
/// </summary>
public sealed class Preprocessor(EmotionModelSpec spec)
{
    /// <summary>The spec this preprocessor follows.</summary>
    public EmotionModelSpec Spec { get; } = spec;

    /// <summary>Number of floats one image produces.</summary>
    public int InputLength => Spec.InputWidth * Spec.InputHeight;

    /// <summary>Resamples and normalises a grey image into <paramref name="destination"/> (length <see cref="InputLength"/>).</summary>
    /// <param name="grey">Row-major 8-bit grey pixels, <paramref name="stride"/> bytes per row.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="stride">Bytes per row (≥ width).</param>
    /// <param name="destination">Output, row-major, <see cref="EmotionModelSpec.InputWidth"/> × <see cref="EmotionModelSpec.InputHeight"/>.</param>
    public void Process(ReadOnlySpan<byte> grey, int width, int height, int stride, Span<float> destination)
    {
        if (width <= 0 || height <= 0 || stride < width || grey.Length < ((long)stride * (height - 1)) + width)
        {
            throw new ArgumentException($"Image buffer of {grey.Length} bytes does not hold {width}x{height} pixels with stride {stride}.", nameof(grey));
        }

        if (destination.Length < InputLength)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; {InputLength} needed.", nameof(destination));
        }

        var outW = Spec.InputWidth;
        var outH = Spec.InputHeight;
        var scale = 1f / (255f * Spec.Std);
        var offset = Spec.Mean / Spec.Std;
        if (width == outW && height == outH)
        {
            for (var y = 0; y < outH; y++)
            {
                var row = grey.Slice(y * stride, width);
                var dst = destination.Slice(y * outW, outW);
                for (var x = 0; x < outW; x++)
                {
                    dst[x] = (row[x] * scale) - offset;
                }
            }

            return;
        }

        Resample(grey, width, height, stride, destination[..InputLength], outW, outH);
        for (var i = 0; i < InputLength; i++)
        {
            destination[i] = (destination[i] * scale) - offset;
        }
    }

    /// <summary>Resamples into a new array; see <see cref="Process(ReadOnlySpan{byte}, int, int, int, Span{float})"/>.</summary>
    public float[] Process(ReadOnlySpan<byte> grey, int width, int height)
    {
        var result = new float[InputLength];
        Process(grey, width, height, width, result);
        return result;
    }

    /// <summary>
    /// Separable resampling of 8-bit grey to floats in [0, 255]: each output pixel is the area-weighted mean of the
    /// source pixels it covers when shrinking (as OpenCV's INTER_AREA), bilinear interpolation when enlarging.
    /// </summary>
    public static void Resample(ReadOnlySpan<byte> src, int width, int height, int stride, Span<float> dst, int outW, int outH)
    {
        var xWeights = Weights(width, outW);
        var yWeights = Weights(height, outH);
        var rows = new float[height * outW];
        for (var y = 0; y < height; y++)
        {
            var row = src.Slice(y * stride, width);
            var outRow = rows.AsSpan(y * outW, outW);
            for (var ox = 0; ox < outW; ox++)
            {
                var (start, w) = xWeights[ox];
                var acc = 0f;
                for (var k = 0; k < w.Length; k++)
                {
                    acc += row[start + k] * w[k];
                }

                outRow[ox] = acc;
            }
        }

        for (var oy = 0; oy < outH; oy++)
        {
            var (start, w) = yWeights[oy];
            var outRow = dst.Slice(oy * outW, outW);
            outRow.Clear();
            for (var k = 0; k < w.Length; k++)
            {
                var srcRow = rows.AsSpan((start + k) * outW, outW);
                var wk = w[k];
                for (var ox = 0; ox < outW; ox++)
                {
                    outRow[ox] += srcRow[ox] * wk;
                }
            }
        }
    }

    private static (int Start, float[] Weights)[] Weights(int inSize, int outSize)
    {
        var result = new (int, float[])[outSize];
        var ratio = (double)inSize / outSize;
        for (var o = 0; o < outSize; o++)
        {
            if (ratio > 1)
            {
                // Area: the output pixel covers [o*ratio, (o+1)*ratio) of the input.
                var a = o * ratio;
                var b = (o + 1) * ratio;
                var first = (int)Math.Floor(a);
                var last = Math.Min(inSize - 1, (int)Math.Ceiling(b) - 1);
                var w = new float[last - first + 1];
                for (var i = first; i <= last; i++)
                {
                    var cover = Math.Min(b, i + 1) - Math.Max(a, i);
                    w[i - first] = (float)(cover / ratio);
                }

                result[o] = (first, w);
            }
            else
            {
                // Bilinear with pixel centres aligned (half-pixel offset), clamped at the edges.
                var c = ((o + 0.5) * ratio) - 0.5;
                var i0 = (int)Math.Floor(c);
                var t = (float)(c - i0);
                var lo = Math.Clamp(i0, 0, inSize - 1);
                var hi = Math.Clamp(i0 + 1, 0, inSize - 1);
                result[o] = lo == hi ? (lo, [1f]) : (lo, [1 - t, t]);
            }
        }

        return result;
    }
}
