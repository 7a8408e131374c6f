using EmoTune.Core.Emotions;

namespace EmoTune.Vision.Tracking;

/// <summary>
/// The mood the music follows: it changes to an emotion only after that emotion has been observed, without a break, for
/// <c>hold</c>. A flicker (a frame or two of surprise in a run of happy) never changes it, so recommendations don't
/// jump. Time comes from the caller (any monotonic clock), so the rule is testable to the millisecond. Not thread-safe.
/// </summary>
/// <param name="hold">How long a new emotion must hold; <see cref="TimeSpan.Zero"/> follows every observation.</param>
public sealed class StableMood(TimeSpan hold)
{
    private readonly TimeSpan _hold = hold >= TimeSpan.Zero ? hold : throw new ArgumentOutOfRangeException(nameof(hold), hold, "The hold time cannot be negative.");
    private Emotion? _candidate;
    private TimeSpan _candidateSince;
    private TimeSpan _last = TimeSpan.MinValue;

    /// <summary>The stable mood; null until some emotion has held for the hold time.</summary>
    public Emotion? Current { get; private set; }

    /// <summary>When <see cref="Current"/> last changed (the moment the emotion completed its hold).</summary>
    public TimeSpan? ChangedAt { get; private set; }

    /// <summary>
    /// Records that <paramref name="observed"/> was the top emotion at <paramref name="at"/>; null means no face was
    /// seen, which breaks a challenger's run but keeps the current mood. Returns true when <see cref="Current"/> changed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="at"/> is earlier than the previous observation.</exception>
    public bool Update(Emotion? observed, TimeSpan at)
    {
        if (at < _last)
        {
            throw new ArgumentException($"Observation time {at} is earlier than the previous one at {_last}.", nameof(at));
        }

        _last = at;
        if (observed is null || observed == Current)
        {
            _candidate = null;
            return false;
        }

        if (observed != _candidate)
        {
            _candidate = observed;
            _candidateSince = at;
        }

        if (at - _candidateSince < _hold)
        {
            return false;
        }

        Current = _candidate;
        ChangedAt = at;
        _candidate = null;
        return true;
    }
}
