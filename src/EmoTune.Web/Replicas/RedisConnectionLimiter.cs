using System.Net;
using EmoTune.Web.Hosting;
using EmoTune.Web.Streaming;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EmoTune.Web.Replicas;

/// <summary>
/// The per-client WebSocket limit counted across replicas, in one Redis sorted set per client: a member per open
/// connection, scored with the time its lease expires. A replica renews its connections' leases every
/// <see cref="Renewal"/>; a replica that dies stops renewing, and its connections stop counting after <see cref="Lease"/>,
/// so a crash never leaves a client locked out for long.
/// </summary>
public sealed class RedisConnectionLimiter(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<WebOptions> webOptions, TimeProvider time)
    : IClientConnectionLimiter
{
    /// <summary>How long a connection counts without being renewed.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>How often a replica renews the leases of its open connections.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(10);

    // Drop expired members, refuse at the limit, else add this connection; the key itself expires with its last lease.
    private const string AcquireScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    private readonly TimeProvider _time = time;
    private readonly int _limit = webOptions.Value.MaxWebSocketsPerClient;
    private readonly string _prefix = redisOptions.Value.KeyPrefix + "ws:";

    /// <inheritdoc />
    public async ValueTask<IDisposable?> TryAcquireAsync(IPAddress client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        RedisKey key = _prefix + client.ToString();
        var member = Guid.NewGuid().ToString("N");
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var acquired = (long)await redis.GetDatabase().ScriptEvaluateAsync(
            AcquireScript,
            [key],
            [now, _limit, now + (long)Lease.TotalMilliseconds, member, (long)Lease.TotalMilliseconds]);
        return acquired == 1 ? new Connection(this, key, member) : null;
    }

    /// <inheritdoc />
    public async ValueTask<int> OpenForAsync(IPAddress client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        // Leases not renewed in time (a replica gone) don't count.
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return (int)await redis.GetDatabase().SortedSetLengthAsync(_prefix + client.ToString(), now, double.PositiveInfinity, Exclude.Start);
    }

    private void Renew(RedisKey key, string member)
    {
        var expires = _time.GetUtcNow().Add(Lease).ToUnixTimeMilliseconds();
        var db = redis.GetDatabase();
        db.SortedSetAdd(key, member, expires, SortedSetWhen.Exists, CommandFlags.FireAndForget);
        db.KeyExpire(key, Lease, CommandFlags.FireAndForget);
    }

    private void Release(RedisKey key, string member) => redis.GetDatabase().SortedSetRemove(key, member, CommandFlags.FireAndForget);

    private sealed class Connection : IDisposable
    {
        private readonly RedisConnectionLimiter _owner;
        private readonly RedisKey _key;
        private readonly string _member;
        private readonly ITimer _renewal;
        private int _disposed;

        public Connection(RedisConnectionLimiter owner, RedisKey key, string member)
        {
            _owner = owner;
            _key = key;
            _member = member;
            _renewal = owner._time.CreateTimer(_ => Renew(), null, Renewal, Renewal);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _renewal.Dispose();
                _owner.Release(_key, _member);
            }
        }

        private void Renew()
        {
            try
            {
                _owner.Renew(_key, _member);
            }
            catch (RedisException)
            {
                // Redis is away: the lease lapses, the connection stops counting; renewed again when Redis is back.
            }
        }

    }
}
