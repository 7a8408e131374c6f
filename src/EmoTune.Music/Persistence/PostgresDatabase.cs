using System.Data.Common;
using Npgsql;

namespace EmoTune.Music.Persistence;

/// <summary>
/// EmoTune's data on a PostgreSQL server (Npgsql, pooled connections), shared by every replica.
/// <see cref="PostgresMigrations"/> run once per process before the first connection is handed out, under an
/// advisory lock, so replicas starting together do not race; a failed migration (server down) is retried by the next call.
/// </summary>
public sealed class PostgresDatabase : IEmoTuneDatabase, IAsyncDisposable, IDisposable
{
    // 23505: unique_violation.
    private const string UniqueViolation = "23505";

    private readonly NpgsqlDataSource _dataSource;
    private readonly Lock _migrationGate = new();
    private Task? _migration;

    /// <summary>A database at <paramref name="connectionString"/> (an Npgsql connection string).</summary>
    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Location = FormattableString.Invariant($"postgres://{builder.Host}:{builder.Port}/{builder.Database}");
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <inheritdoc />
    public StorageProvider Provider => StorageProvider.Postgres;

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>An open connection to the migrated database; the caller disposes it.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct = default)
    {
        await EnsureMigratedAsync().WaitAsync(ct);
        return await _dataSource.OpenConnectionAsync(ct);
    }

    /// <inheritdoc />
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken ct = default) => await OpenAsync(ct);

    /// <inheritdoc />
    public bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: UniqueViolation };

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    /// <remarks>Also synchronous, so that a service provider disposed with <c>Dispose()</c> can release the pool.</remarks>
    public void Dispose() => _dataSource.Dispose();

    private Task EnsureMigratedAsync()
    {
        lock (_migrationGate)
        {
            if (_migration is null || _migration.IsFaulted || _migration.IsCanceled)
            {
                _migration = MigrateAsync();
            }

            return _migration;
        }
    }

    private async Task MigrateAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await PostgresMigrations.ApplyAsync(connection);
    }
}
