using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EmoTune.Web.Replicas;

/// <summary>
/// The fixed-window partitions of the per-client rate limits (API requests, sign-in attempts): counted in this process
/// on one machine, in Redis (<see cref="RedisFixedWindowLimiter"/>) when replicas share one, so the limit holds for
/// the client across every replica instead of once per replica.
/// </summary>
public sealed class ClientRateLimits(IServiceProvider services, IOptions<RedisOptions> redis)
{
    private readonly IConnectionMultiplexer? _redis = redis.Value.Enabled ? services.GetRequiredService<IConnectionMultiplexer>() : null;
    private readonly string _prefix = redis.Value.KeyPrefix + "rate:";

    /// <summary>The partition of <paramref name="client"/> under <paramref name="policy"/>: <paramref name="permits"/> per <paramref name="window"/>.</summary>
    public RateLimitPartition<string> FixedWindow(string policy, IPAddress? client, int permits, TimeSpan window)
    {
        var key = policy + ":" + (client ?? IPAddress.Loopback);
        return _redis is { } shared
            ? RateLimitPartition.Get(key, k => new RedisFixedWindowLimiter(shared, _prefix + k, permits, window))
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
    }
}
