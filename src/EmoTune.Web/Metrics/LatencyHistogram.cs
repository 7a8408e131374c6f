using System.Globalization;
using System.Text;

namespace EmoTune.Web.Metrics;

/// <summary>
/// A Prometheus histogram of durations in seconds, updated with <see cref="Interlocked"/> only: one counter per bucket
/// (made cumulative when written), the count, and the sum (a compare-and-swap loop over its bits).
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Upper bounds, 1 ms to 1 s: a frame takes a few ms to detect and classify, a busy machine ~100 ms.</summary>
    public static readonly IReadOnlyList<double> DefaultBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

    private readonly double[] _bounds;
    private readonly long[] _counts;
    private long _sumBits;

    public LatencyHistogram()
        : this(DefaultBounds)
    {
    }

    public LatencyHistogram(IReadOnlyList<double> bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        for (var i = 0; i < bounds.Count; i++)
        {
            if (!double.IsFinite(bounds[i]) || bounds[i] <= 0 || (i > 0 && bounds[i] <= bounds[i - 1]))
            {
                throw new ArgumentException("Histogram bounds must be positive, finite and strictly increasing.", nameof(bounds));
            }
        }

        _bounds = [.. bounds];
        _counts = new long[_bounds.Length + 1];
    }

    /// <summary>Counts one observation of <paramref name="seconds"/> (non-negative and finite).</summary>
    public void Observe(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A duration must be finite and non-negative.");
        }

        var bucket = Array.BinarySearch(_bounds, seconds);
        Interlocked.Increment(ref _counts[bucket >= 0 ? bucket : ~bucket]);
        var seen = Interlocked.Read(ref _sumBits);
        while (true)
        {
            var next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + seconds);
            var was = Interlocked.CompareExchange(ref _sumBits, next, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>Observations so far.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            foreach (ref var count in _counts.AsSpan())
            {
                total += Interlocked.Read(ref count);
            }

            return total;
        }
    }

    /// <summary>
    /// Writes the <c>_bucket</c>, <c>_sum</c> and <c>_count</c> lines. <paramref name="labels"/> (already formatted, e.g.
    /// <c>source="api"</c>, or empty) go before <c>le</c>. <c>_count</c> is the <c>+Inf</c> bucket of the same read, so
    /// the two agree even while frames are being counted.
    /// </summary>
    public void WriteTo(StringBuilder text, string name, string labels)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prefix = labels.Length == 0 ? "" : labels + ",";
        long cumulative = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            var le = i < _bounds.Length ? _bounds[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"{le}\"}} {cumulative}\n");
        }

        var sum = BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));
        var braces = labels.Length == 0 ? "" : "{" + labels + "}";
        text.Append(CultureInfo.InvariantCulture, $"{name}_sum{braces} {sum.ToString("R", CultureInfo.InvariantCulture)}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_count{braces} {cumulative}\n");
    }
}
