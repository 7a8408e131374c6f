using Dapper;
using EmoTune.Music.Persistence;
using Microsoft.Data.Sqlite;

namespace EmoTune.Music.Tests.Persistence;

/// <summary>The feedback store's specification on SQLite (a file per test), and what only SQLite has (WAL).</summary>
public sealed class SqliteFeedbackStoreTests : FeedbackStoreTests
{
    private readonly TempDirectory _temp = new();

    private string DatabasePath => _temp.File("feedback.db");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _temp.Dispose();
    }

    protected override IEmoTuneDatabase OpenDatabase() => new SqliteDatabase(DatabasePath);

    protected override async Task ExecuteUnmigratedAsync(string sql)
    {
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync(sql);
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Migrations_NewDatabase_IsInWalMode()
    {
        await new SqlFeedbackStore(DatabasePath).AddAsync(CreateEvent());
        SqliteConnection.ClearAllPools();

        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        Assert.Equal(SqliteMigrations.LatestVersion, await SqliteMigrations.CurrentVersionAsync(connection));
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Migrations_SpotifyTableMadeByAnOlderVersion_IsKept()
    {
        // Before migration 5 the token store created its table itself, outside the numbered migrations.
        await ExecuteUnmigratedAsync("""
            CREATE TABLE spotify_tokens (profile_id TEXT PRIMARY KEY, secret BLOB NOT NULL, scopes TEXT NOT NULL, expires_utc TEXT NOT NULL,
                display_name TEXT, connected_utc TEXT NOT NULL, updated_utc TEXT NOT NULL);
            INSERT INTO spotify_tokens VALUES ('alice', x'00', 's', 't', NULL, 't', 't');
            """);

        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM spotify_tokens;"));
        Assert.Equal(SqliteMigrations.LatestVersion, await ScalarAsync("SELECT MAX(version) FROM schema_version;"));
    }
}
