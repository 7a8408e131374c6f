using Dapper;
using EmoTune.Music.Persistence;
using EmoTune.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EmoTune.Music.Tests.Persistence;

/// <summary>
/// The feedback store's specification on PostgreSQL (a new database per test on the run's private server), and what
/// only PostgreSQL needs: both dialects' migrations make the same tables and columns.
/// </summary>
public sealed class PostgresFeedbackStoreTests(SharedServers servers) : FeedbackStoreTests
{
    private readonly List<PostgresDatabase> _opened = [];
    private string _connectionString = "";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _connectionString = await servers.NewPostgresDatabaseAsync(TestContext.Current.CancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected override IEmoTuneDatabase OpenDatabase()
    {
        var database = new PostgresDatabase(_connectionString);
        _opened.Add(database);
        return database;
    }

    protected override async Task ExecuteUnmigratedAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    [Fact]
    public async Task Migrations_BothDialects_MakeTheSameTablesAndColumns()
    {
        using var temp = new TempDirectory();
        await using (var sqlite = await new SqliteDatabase(temp.File("same.db")).OpenAsync())
        {
            var sqliteColumns = (await sqlite.QueryAsync<string>(
                "SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1;")).ToList();
            await using var postgres = await OpenDatabase().OpenConnectionAsync();
            var postgresColumns = (await postgres.QueryAsync<string>(
                "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1;")).ToList();

            Assert.Equal(sqliteColumns.Order(StringComparer.Ordinal), postgresColumns.Order(StringComparer.Ordinal));
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Migrations_ManyReplicasStartingTogether_ApplyEachStepOnce()
    {
        var replicas = Enumerable.Range(0, 6).Select(_ => new SqlFeedbackStore(OpenDatabase())).ToList();

        await Task.WhenAll(replicas.Select((store, i) => Task.Run(() => store.AddAsync(CreateEvent(profile: $"p{i}")))));

        Assert.Equal(PostgresMigrations.LatestVersion, await ScalarAsync("SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal(6, await ScalarAsync("SELECT COUNT(*) FROM feedback;"));
    }
}
