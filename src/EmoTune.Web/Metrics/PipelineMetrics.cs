using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EmoTune.Web.Metrics;

/// <summary>
/// EmoTune's own metrics as <see cref="System.Diagnostics.Metrics"/> instruments on the <see cref="MeterName"/> meter:
/// frames processed, faces found and a processing-time histogram per source, refusals by source and reason, open
/// WebSockets, uptime. OpenTelemetry's Prometheus exporter serves them at <c>/metrics</c> (<see cref="Apis.MetricsApi"/>),
/// under the names the hand-written endpoint used (<c>emotune_frames_processed_total</c>, …): the exporter turns the
/// dots into underscores, appends <c>_total</c> to counters and <c>_seconds</c> to instruments in <c>s</c>.
/// </summary>
/// <remarks>
/// The meter comes from the host's <see cref="IMeterFactory"/>, and the host's OpenTelemetry provider drops every
/// other factory's <see cref="MeterName"/> instruments (a view in <c>AddEmoTuneWeb</c>; <c>AddMeter</c> alone picks meters
/// by name, process-wide), so two hosts in one process (the tests, a replica cluster on one machine) each count only
/// their own frames. A source's series appear with its first frame or refusal.
/// Frames and faces are observable counters over two <see cref="Interlocked"/> longs per source, not
/// <see cref="Counter{T}"/>s: with OpenTelemetry listening, each synchronous instrument update costs ~60 ns (a tag
/// lookup and the aggregation), so three of them per frame measured 2–4× the hand-written recorder; the histogram is
/// the one update per frame that needs the library.
/// </remarks>
public sealed class PipelineMetrics
{
    /// <summary>The meter every EmoTune instrument is created on (what an OpenTelemetry <c>AddMeter</c> names).</summary>
    public const string MeterName = "EmoTune";

    /// <summary>Histogram bounds, 1 ms to 1 s: a frame takes a few ms to detect and classify, a busy machine ~100 ms.</summary>
    public static readonly IReadOnlyList<double> LatencyBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

    private readonly ConcurrentDictionary<string, SourceCounts> _sources = new(StringComparer.Ordinal);
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _latency;
    private long _openWebSockets;

    public PipelineMetrics(IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(time);
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("emotune.frames.processed", () => Observe(static c => Interlocked.Read(ref c.Frames)), description: "Frames decoded, detected and classified, by source.");
        meter.CreateObservableCounter("emotune.faces.found", () => Observe(static c => Interlocked.Read(ref c.Faces)), description: "Faces found in processed frames, by source.");
        _errors = meter.CreateCounter<long>("emotune.frame.errors", description: "Frames and requests refused, by source and reason.");
        _latency = meter.CreateHistogram(
            "emotune.frame.processing",
            unit: "s",
            description: "Time to decode a frame, find its faces and classify them, by source.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBounds });
        meter.CreateObservableUpDownCounter("emotune.websocket.connections", () => OpenWebSockets, description: "WebSocket frame streams open now.");

        using var process = Process.GetCurrentProcess();
        var processStart = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        meter.CreateObservableGauge("emotune.uptime", () => Math.Max(0, (time.GetUtcNow() - processStart).TotalSeconds), unit: "s", description: "Seconds since the process started.");
        meter.CreateObservableGauge("process.start_time", () => processStart.ToUnixTimeMilliseconds() / 1000.0, unit: "s", description: "Start time of the process since the Unix epoch, in seconds.");
    }

    /// <summary>WebSockets open now.</summary>
    public long OpenWebSockets => Interlocked.Read(ref _openWebSockets);

    /// <summary>
    /// Counts one processed frame from <paramref name="source"/> (see <see cref="FrameSources"/>): its faces and the
    /// seconds it took to decode, detect and classify.
    /// </summary>
    public void RecordFrame(string source, int faces, double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(faces);
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A duration must be finite and non-negative.");
        }

        var counts = Source(source);
        _latency.Record(seconds, counts.Tag);
        Interlocked.Increment(ref counts.Frames);
        Interlocked.Add(ref counts.Faces, faces);
    }

    /// <summary>Counts one refused frame or request from <paramref name="source"/>, for <paramref name="reason"/> (see <see cref="FrameErrorReasons"/>).</summary>
    public void RecordError(string source, string reason)
    {
        CheckLabel(reason, nameof(reason));
        _errors.Add(1, Source(source).Tag, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>A WebSocket was accepted.</summary>
    public void WebSocketOpened() => Interlocked.Increment(ref _openWebSockets);

    /// <summary>A WebSocket ended.</summary>
    public void WebSocketClosed() => Interlocked.Decrement(ref _openWebSockets);

    private SourceCounts Source(string source)
    {
        if (_sources.TryGetValue(source, out var counts))
        {
            return counts;
        }

        CheckLabel(source, nameof(source));
        return _sources.GetOrAdd(source, static s => new SourceCounts(new("source", s)));
    }

    private IEnumerable<Measurement<long>> Observe(Func<SourceCounts, long> read) =>
        _sources.Values.Select(c => new Measurement<long>(read(c), c.Tag));

    /// <summary>Label values come from code, not from clients: lower-case snake case, and few of them.</summary>
    private static void CheckLabel(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value.Length > 64 || !char.IsAsciiLetterLower(value[0]) || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"Metric label '{value}' must be lower-case snake case (a-z, 0-9, _), at most 64 characters, starting with a letter.", name);
        }
    }

    /// <summary>A source's frame and face counts, read by the observable counters at each scrape.</summary>
    private sealed class SourceCounts(KeyValuePair<string, object?> tag)
    {
        public readonly KeyValuePair<string, object?> Tag = tag;
        public long Frames;
        public long Faces;
    }
}
