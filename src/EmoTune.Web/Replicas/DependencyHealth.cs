using System.Data.Common;
using EmoTune.Music.Persistence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EmoTune.Web.Replicas;

/// <summary>
/// What <c>/health</c> checks besides the model: the database (a <c>SELECT 1</c>, migrating first if it has not yet)
/// and Redis (a PING) when configured, each within <see cref="Timeout"/>, so a gateway's health check takes a replica
/// out while either is away and back when it returns.
/// </summary>
public sealed class DependencyHealth(IEmoTuneDatabase database, IServiceProvider services, IOptions<RedisOptions> redis)
{
    /// <summary>How long each check may take before the dependency counts as unavailable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly IConnectionMultiplexer? _redis = redis.Value.Enabled ? services.GetRequiredService<IConnectionMultiplexer>() : null;

    public async Task<DependencyStatus> StorageAsync(CancellationToken ct)
    {
        var kind = database.Provider == StorageProvider.Postgres ? "postgres" : "sqlite";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            await using var connection = await database.OpenConnectionAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1;";
            await command.ExecuteScalarAsync(timeout.Token);
            return new DependencyStatus(kind, "ok");
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return new DependencyStatus(kind, "unavailable", e is OperationCanceledException ? "no answer within 2 s" : "cannot connect");
        }
    }

    public async Task<DependencyStatus> RedisAsync()
    {
        if (_redis is null)
        {
            return new DependencyStatus("in-process", "ok");
        }

        try
        {
            await _redis.GetDatabase().PingAsync().WaitAsync(Timeout);
            return new DependencyStatus("redis", "ok");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new DependencyStatus("redis", "unavailable", e is TimeoutException ? "no answer within 2 s" : "cannot connect");
        }
    }
}
