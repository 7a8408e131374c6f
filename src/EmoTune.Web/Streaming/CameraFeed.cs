using System.Diagnostics;
using EmoTune.Web.Apis;

namespace EmoTune.Web.Streaming;

/// <summary>
/// The server camera's latest annotated frame and its state, shared by the capture thread (the only writer) and any
/// number of viewers. Publishing swaps one reference and wakes the waiters; a viewer always gets the newest frame, so a
/// slow viewer skips frames and never holds capture up.
/// </summary>
internal sealed class CameraFeed(TimeProvider time)
{
    private readonly Lock _lock = new();
    private CameraFrame? _latest;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CameraState _state = CameraState.Off;
    private string? _source;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private double _framesPerSecond;
    private long _lastPublished;
    private int _viewers;

    /// <summary>The latest frame, or null before the first.</summary>
    public CameraFrame? Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    /// <summary>True once the capture service has been configured with a source.</summary>
    public bool Enabled
    {
        get
        {
            lock (_lock)
            {
                return _state != CameraState.Off;
            }
        }
    }

    public void Starting(string source) => Set(CameraState.Starting, source);

    public void Running() => Set(CameraState.Running, null);

    public void Stopped() => Set(CameraState.Stopped, null);

    public void Failed(string error)
    {
        lock (_lock)
        {
            _state = CameraState.Retrying;
            _lastError = error;
            _lastErrorAt = time.GetUtcNow();
        }
    }

    /// <summary>Publishes a frame: it replaces the previous one and wakes every waiting viewer.</summary>
    public void Publish(byte[] jpeg, FrameResult result)
    {
        TaskCompletionSource woken;
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            if (_lastPublished != 0)
            {
                var instant = 1 / Math.Max(Stopwatch.GetElapsedTime(_lastPublished, now).TotalSeconds, 1e-3);
                _framesPerSecond = _framesPerSecond == 0 ? instant : (0.9 * _framesPerSecond) + (0.1 * instant);
            }

            _lastPublished = now;
            _latest = new CameraFrame((_latest?.Sequence ?? 0) + 1, jpeg, result);
            _state = CameraState.Running;
            woken = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        woken.TrySetResult();
    }

    /// <summary>The first frame newer than <paramref name="after"/>, waiting for it; null when <paramref name="ct"/> is cancelled.</summary>
    public async Task<CameraFrame?> NextAsync(long after, CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_latest is { } latest && latest.Sequence > after)
                {
                    return latest;
                }

                wait = _next.Task;
            }

            try
            {
                await wait.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    /// <summary>Counts a viewer until the returned handle is disposed.</summary>
    public IDisposable Watch()
    {
        Interlocked.Increment(ref _viewers);
        return new Viewer(this);
    }

    public CameraStatus Status()
    {
        lock (_lock)
        {
            var on = _state != CameraState.Off;
            var stale = _lastPublished == 0 || Stopwatch.GetElapsedTime(_lastPublished) > TimeSpan.FromSeconds(3);
            return new CameraStatus(
                on,
                Name(_state),
                _source,
                _latest?.Result.Width ?? 0,
                _latest?.Result.Height ?? 0,
                _latest?.Sequence ?? 0,
                stale ? 0 : Math.Round(_framesPerSecond, 1),
                Volatile.Read(ref _viewers),
                _lastError,
                _lastErrorAt,
                on ? CameraEndpoints.StreamPath : null,
                on ? CameraEndpoints.ResultsPath : null);
        }
    }

    private static string Name(CameraState state) => state switch
    {
        CameraState.Starting => "starting",
        CameraState.Running => "running",
        CameraState.Retrying => "retrying",
        CameraState.Stopped => "stopped",
        _ => "off",
    };

    private void Set(CameraState state, string? source)
    {
        lock (_lock)
        {
            _state = state;
            _source = source ?? _source;
        }
    }

    private sealed class Viewer(CameraFeed feed) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref feed._viewers);
            }
        }
    }
}
