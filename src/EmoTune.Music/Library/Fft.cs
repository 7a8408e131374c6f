namespace EmoTune.Music.Library;

/// <summary>An in-place iterative radix-2 Cooley–Tukey FFT over separate real and imaginary arrays.</summary>
public static class Fft
{
    /// <summary>Transforms <paramref name="re"/> + i·<paramref name="im"/> in place (forward, unscaled).</summary>
    /// <exception cref="ArgumentException">The lengths differ or are not a power of two.</exception>
    public static void Transform(Span<double> re, Span<double> im)
    {
        var n = re.Length;
        if (im.Length != n || n == 0 || (n & (n - 1)) != 0)
        {
            throw new ArgumentException($"FFT needs two arrays of the same power-of-two length, got {re.Length} and {im.Length}.", nameof(re));
        }

        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var len = 2; len <= n; len <<= 1)
        {
            var angle = -2 * Math.PI / len;
            var wRe = Math.Cos(angle);
            var wIm = Math.Sin(angle);
            var half = len >> 1;
            for (var start = 0; start < n; start += len)
            {
                double cRe = 1, cIm = 0;
                for (var k = 0; k < half; k++)
                {
                    var a = start + k;
                    var b = a + half;
                    var tRe = (re[b] * cRe) - (im[b] * cIm);
                    var tIm = (re[b] * cIm) + (im[b] * cRe);
                    re[b] = re[a] - tRe;
                    im[b] = im[a] - tIm;
                    re[a] += tRe;
                    im[a] += tIm;
                    var next = (cRe * wRe) - (cIm * wIm);
                    cIm = (cRe * wIm) + (cIm * wRe);
                    cRe = next;
                }
            }
        }
    }

    /// <summary>
    /// Magnitude spectrum (bins 0 … n/2) of <paramref name="frame"/> under a Hann window, written to
    /// <paramref name="magnitudes"/>; <paramref name="re"/> and <paramref name="im"/> are scratch of the frame's length.
    /// </summary>
    public static void HannMagnitudes(ReadOnlySpan<float> frame, ReadOnlySpan<double> window, Span<double> re, Span<double> im, Span<double> magnitudes)
    {
        var n = re.Length;
        for (var i = 0; i < n; i++)
        {
            re[i] = i < frame.Length ? frame[i] * window[i] : 0;
            im[i] = 0;
        }

        Transform(re, im);
        for (var k = 0; k <= n / 2; k++)
        {
            magnitudes[k] = Math.Sqrt((re[k] * re[k]) + (im[k] * im[k]));
        }
    }

    /// <summary>A periodic Hann window of length <paramref name="n"/>.</summary>
    public static double[] Hann(int n)
    {
        var w = new double[n];
        for (var i = 0; i < n; i++)
        {
            w[i] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / n));
        }

        return w;
    }
}
