using System.Collections.Concurrent;

namespace EmoTune.Vision.Detection;

/// <summary>
/// How many camera streams the app is analysing now: each <see cref="Tracking.FaceFollower"/> reports its frames here,
/// and a stream counts until it has sent no frame for <see cref="Idle"/>. <see cref="RotatingFaceDetector"/> reads it to
/// keep its turned passes for when the machine has room for them (<see cref="DetectionOptions.RotatedPassesMaxStreams"/>).
/// Thread-safe; one per app.
/// </summary>
/// <param name="time">The clock; the system's when null.</param>
public sealed class LiveStreams(TimeProvider? time = null)
{
    /// <summary>A stream that has sent no frame for this long no longer counts.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<object, long> _lastFrame = new(ReferenceEqualityComparer.Instance);

    /// <summary>Records a frame of <paramref name="stream"/> (any object that stands for one stream, e.g. its follower).</summary>
    public void Frame(object stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _lastFrame[stream] = _time.GetTimestamp();
    }

    /// <summary>Streams that sent a frame within the last <see cref="Idle"/>; streams gone quiet are forgotten.</summary>
    public int Active
    {
        get
        {
            var now = _time.GetTimestamp();
            var active = 0;
            foreach (var entry in _lastFrame)
            {
                if (_time.GetElapsedTime(entry.Value, now) > Idle)
                {
                    _lastFrame.TryRemove(entry);
                }
                else
                {
                    active++;
                }
            }

            return active;
        }
    }
}
