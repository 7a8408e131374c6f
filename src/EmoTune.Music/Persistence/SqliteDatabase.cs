using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EmoTune.Music.Persistence;

/// <summary>
/// EmoTune's SQLite file, shared by every store that keeps data in it (feedback, accounts). Connections wait up to
/// <see cref="BusyTimeout"/> for another writer's lock instead of failing, the file is in WAL mode (readers and one
/// writer at once), and <see cref="SqliteMigrations"/> run once, before the first connection is handed out.
/// </summary>
public sealed class SqliteDatabase : IEmoTuneDatabase
{
    // SQLITE_CONSTRAINT: a UNIQUE (or other) constraint failed.
    private const int SqliteConstraint = 19;

    /// <summary>How long a writer waits for another's lock before failing.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private readonly Lock _migrationGate = new();
    private readonly Lock _schemaGate = new();
    private readonly Dictionary<string, Task> _schemas = new(StringComparer.Ordinal);
    private Task? _migration;

    /// <summary>The SQLite file at <paramref name="databasePath"/>, created (with its folder) on first use.</summary>
    public SqliteDatabase(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        Path = System.IO.Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public StorageProvider Provider => StorageProvider.Sqlite;

    /// <inheritdoc />
    public string Location => Path;

    /// <inheritdoc />
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken ct = default) => await OpenAsync(ct);

    /// <inheritdoc />
    public bool IsUniqueViolation(DbException exception) => exception is SqliteException { SqliteErrorCode: SqliteConstraint };

    /// <summary>An open connection to the migrated database; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        await EnsureMigratedAsync().WaitAsync(ct);
        return await ConnectAsync(ct);
    }

    /// <summary>
    /// An open connection after <paramref name="createSchema"/> has run once on this database: a store's own tables
    /// (library cache, Spotify tokens) on top of EmoTune's migrations. A failed run is retried by the next call.
    /// </summary>
    public async Task<SqliteConnection> OpenAsync(string schemaName, Func<SqliteConnection, Task> createSchema, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaName);
        ArgumentNullException.ThrowIfNull(createSchema);
        Task schema;
        lock (_schemaGate)
        {
            if (!_schemas.TryGetValue(schemaName, out var known) || known.IsFaulted || known.IsCanceled)
            {
                known = CreateSchemaAsync(createSchema);
                _schemas[schemaName] = known;
            }

            schema = known;
        }

        await schema.WaitAsync(ct);
        return await OpenAsync(ct);
    }

    private async Task CreateSchemaAsync(Func<SqliteConnection, Task> createSchema)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await createSchema(connection);
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};"),
                cancellationToken: ct));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private Task EnsureMigratedAsync()
    {
        lock (_migrationGate)
        {
            // One migration per database object; a failed one is retried by the next call instead of being cached.
            if (_migration is null || _migration.IsFaulted || _migration.IsCanceled)
            {
                _migration = MigrateAsync();
            }

            return _migration;
        }
    }

    private async Task MigrateAsync()
    {
        await using var connection = await ConnectAsync(CancellationToken.None);

        // WAL is a property of the file: set once, it stays for every later connection.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await SqliteMigrations.ApplyAsync(connection);
    }
}
