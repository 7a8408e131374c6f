namespace EmoTune.Web.Tests;

/// <summary>A clock that moves only when the test says so (timestamps in 100 ns ticks), starting at the real now.</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly DateTimeOffset _origin = System.GetUtcNow();
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => _origin + TimeSpan.FromTicks(GetTimestamp());

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
