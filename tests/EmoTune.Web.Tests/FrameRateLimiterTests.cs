using EmoTune.Web.Streaming;

namespace EmoTune.Web.Tests;

public sealed class FrameRateLimiterTests
{
    [Theory]
    // limit 3 per 1000 ticks: times of messages → which pass
    [InlineData(3, new long[] { 0, 0, 0, 0, 0 }, new[] { true, true, true, false, false })]
    [InlineData(3, new long[] { 0, 100, 200, 999, 1000, 1099, 1100 }, new[] { true, true, true, false, true, false, true })]
    [InlineData(1, new long[] { 0, 500, 1000, 1999, 2000 }, new[] { true, false, true, false, true })]
    [InlineData(2, new long[] { 0, 900, 950, 1000, 1899, 1900 }, new[] { true, true, false, true, false, true })]
    public void TryPass_SlidingWindow_NeverLetsMoreThanTheLimitThroughInAnySecond(int limit, long[] times, bool[] expected)
    {
        var limiter = new FrameRateLimiter(limit, 1000);

        var passed = times.Select(limiter.TryPass).ToArray();

        Assert.Equal(expected, passed);
        var through = times.Where((_, i) => passed[i]).ToArray();
        Assert.All(through, t => Assert.InRange(through.Count(u => u > t - 1000 && u <= t), 1, limit));
    }

    [Fact]
    public void Constructor_NoMessagesOrNoWindow_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameRateLimiter(0, 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameRateLimiter(3, 0));
    }
}
