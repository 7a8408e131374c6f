namespace EmoTune.Testing;

/// <summary>
/// One private PostgreSQL and one Redis per test run, started on first use (a run that filters them out never pays for
/// them) and stopped when the run ends. A test project registers it with
/// <c>[assembly: AssemblyFixture(typeof(SharedServers))]</c> and takes it in its test classes' constructors.
/// </summary>
public sealed class SharedServers : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresServer? _postgres;
    private RedisServer? _redis;

    /// <summary>The run's PostgreSQL, started now if it is not yet.</summary>
    public async Task<PostgresServer> PostgresAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return _postgres ??= await PostgresServer.StartAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The run's Redis, started now if it is not yet.</summary>
    public async Task<RedisServer> RedisAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return _redis ??= await RedisServer.StartAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new empty PostgreSQL database on the run's server; returns its connection string.</summary>
    public async Task<string> NewPostgresDatabaseAsync(CancellationToken ct = default) =>
        await (await PostgresAsync(ct)).CreateDatabaseAsync(ct);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _gate.Dispose();
    }
}
