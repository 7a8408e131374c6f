namespace EmoTune.Web.Streaming;

/// <summary>
/// A sliding one-second window over one connection's messages: at most <c>limit</c> are let through in any second.
/// It remembers the times of the last <c>limit</c> messages let through (a ring), so a burst can't borrow from the
/// next second the way a token bucket's would. Not thread-safe: one per connection, which reads one message at a time.
/// </summary>
public sealed class FrameRateLimiter
{
    private readonly long[] _passed;
    private readonly long _window;
    private int _next;
    private int _count;

    /// <param name="limit">Messages allowed per window.</param>
    /// <param name="window">The window, in timestamp ticks (<see cref="TimeProvider.TimestampFrequency"/> for one second).</param>
    public FrameRateLimiter(int limit, long window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _passed = new long[limit];
        _window = window;
    }

    /// <summary>True (and counted) when a message at <paramref name="timestamp"/> fits the window; false when it must be refused.</summary>
    public bool TryPass(long timestamp)
    {
        if (_count == _passed.Length)
        {
            // _next is the oldest of the last `limit` messages let through.
            if (timestamp - _passed[_next] < _window)
            {
                return false;
            }
        }
        else
        {
            _count++;
        }

        _passed[_next] = timestamp;
        _next = (_next + 1) % _passed.Length;
        return true;
    }
}
