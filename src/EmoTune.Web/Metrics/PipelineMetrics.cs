using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EmoTune.Web.Metrics;

/// <summary>
/// EmoTune's own metrics, served at <c>/metrics</c> in the Prometheus text format (version 0.0.4): frames processed,
/// faces found and a processing-time histogram per source, refusals by source and reason, open WebSockets, uptime.
/// One singleton; every update is a dictionary read plus <see cref="Interlocked"/> operations, no lock.
/// </summary>
public sealed class PipelineMetrics
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly ConcurrentDictionary<string, SourceSeries> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Source, string Reason), Counter> _errors = new();
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _processStart;
    private long _openWebSockets;

    public PipelineMetrics(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        using var process = Process.GetCurrentProcess();
        _processStart = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        foreach (var source in FrameSources.Known)
        {
            Series(source);
        }
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
        var series = Series(source);
        series.Latency.Observe(seconds);
        Interlocked.Increment(ref series.Frames);
        Interlocked.Add(ref series.Faces, faces);
    }

    /// <summary>Counts one refused frame or request from <paramref name="source"/>, for <paramref name="reason"/> (see <see cref="FrameErrorReasons"/>).</summary>
    public void RecordError(string source, string reason)
    {
        CheckLabel(source, nameof(source));
        CheckLabel(reason, nameof(reason));
        Interlocked.Increment(ref _errors.GetOrAdd((source, reason), static _ => new Counter()).Value);
    }

    /// <summary>A WebSocket was accepted.</summary>
    public void WebSocketOpened() => Interlocked.Increment(ref _openWebSockets);

    /// <summary>A WebSocket ended.</summary>
    public void WebSocketClosed() => Interlocked.Decrement(ref _openWebSockets);

    /// <summary>Every metric in the Prometheus text exposition format, series in ordinal order.</summary>
    public string Render()
    {
        var text = new StringBuilder(4096);
        var sources = _sources.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();

        Header(text, "emotune_frames_processed_total", "counter", "Frames decoded, detected and classified, by source.");
        foreach (var (source, series) in sources)
        {
            Line(text, "emotune_frames_processed_total", $"source=\"{source}\"", Interlocked.Read(ref series.Frames));
        }

        Header(text, "emotune_faces_found_total", "counter", "Faces found in processed frames, by source.");
        foreach (var (source, series) in sources)
        {
            Line(text, "emotune_faces_found_total", $"source=\"{source}\"", Interlocked.Read(ref series.Faces));
        }

        Header(text, "emotune_frame_errors_total", "counter", "Frames and requests refused, by source and reason.");
        foreach (var ((source, reason), counter) in _errors.OrderBy(e => e.Key.Source, StringComparer.Ordinal).ThenBy(e => e.Key.Reason, StringComparer.Ordinal))
        {
            Line(text, "emotune_frame_errors_total", $"source=\"{source}\",reason=\"{reason}\"", Interlocked.Read(ref counter.Value));
        }

        Header(text, "emotune_frame_processing_seconds", "histogram", "Time to decode a frame, find its faces and classify them, by source.");
        foreach (var (source, series) in sources)
        {
            series.Latency.WriteTo(text, "emotune_frame_processing_seconds", $"source=\"{source}\"");
        }

        Header(text, "emotune_websocket_connections", "gauge", "WebSocket frame streams open now.");
        Line(text, "emotune_websocket_connections", "", OpenWebSockets);

        var now = _time.GetUtcNow();
        Header(text, "emotune_uptime_seconds", "gauge", "Seconds since the process started.");
        Line(text, "emotune_uptime_seconds", "", Math.Max(0, (now - _processStart).TotalSeconds));
        Header(text, "process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch, in seconds.");
        Line(text, "process_start_time_seconds", "", _processStart.ToUnixTimeMilliseconds() / 1000.0);
        return text.ToString();
    }

    private SourceSeries Series(string source)
    {
        if (_sources.TryGetValue(source, out var series))
        {
            return series;
        }

        CheckLabel(source, nameof(source));
        return _sources.GetOrAdd(source, static _ => new SourceSeries());
    }

    /// <summary>Label values come from code, not from clients; lower-case snake case keeps them safe to write unescaped.</summary>
    private static void CheckLabel(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value.Length > 64 || !char.IsAsciiLetterLower(value[0]) || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"Metric label '{value}' must be lower-case snake case (a-z, 0-9, _), at most 64 characters, starting with a letter.", name);
        }
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");

    private static void Line(StringBuilder text, string name, string labels, double value)
    {
        var braces = labels.Length == 0 ? "" : "{" + labels + "}";
        text.Append(CultureInfo.InvariantCulture, $"{name}{braces} {value.ToString("R", CultureInfo.InvariantCulture)}\n");
    }

    private sealed class SourceSeries
    {
        public readonly LatencyHistogram Latency = new();
        public long Frames;
        public long Faces;
    }

    private sealed class Counter
    {
        public long Value;
    }
}
