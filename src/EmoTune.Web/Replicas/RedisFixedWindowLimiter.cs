using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace EmoTune.Web.Replicas;

/// <summary>
/// A fixed-window limit counted in Redis, so that every replica counts the same client's attempts together (N replicas
/// would otherwise allow N times the limit). One atomic script per request: increment, start the window's expiry on
/// the first, compare with the limit.
/// </summary>
/// <remarks>
/// ASP.NET Core's rate limiting middleware tries <see cref="RateLimiter.AttemptAcquire"/> first and waits on
/// <see cref="RateLimiter.AcquireAsync"/> when that fails; the synchronous attempt therefore always declines, and the
/// Redis round trip happens on the asynchronous path only. When Redis is down the exception reaches the app's
/// exception handler (503, "Redis unavailable") rather than letting every attempt through.
/// </remarks>
public sealed class RedisFixedWindowLimiter(IConnectionMultiplexer redis, string key, int permitLimit, TimeSpan window) : RateLimiter
{
    private const string Script = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return n
        """;

    // The state is in Redis: a partition's limiter object may be dropped and made again at any time.
    public override TimeSpan? IdleDuration => TimeSpan.FromDays(1);

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Declined;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(Script, [key], [(long)window.TotalMilliseconds]);
        return count <= permitLimit ? Lease.Granted : Lease.Declined;
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);
        public static readonly Lease Declined = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
