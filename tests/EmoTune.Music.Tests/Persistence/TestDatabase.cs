using EmoTune.Music.Persistence;
using EmoTune.Testing;
using Microsoft.Data.Sqlite;

namespace EmoTune.Music.Tests.Persistence;

/// <summary>
/// A fresh empty database on one engine (<c>sqlite</c> or <c>postgres</c>), for store tests written once as a
/// <c>[Theory]</c> over both. <see cref="Open"/> gives a new database object each call, as another replica would have.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly List<PostgresDatabase> _opened = [];
    private readonly TempDirectory? _temp;
    private readonly string _target;

    private TestDatabase(StorageProvider provider, string target, TempDirectory? temp)
    {
        Provider = provider;
        _target = target;
        _temp = temp;
    }

    public StorageProvider Provider { get; }

    public static async Task<TestDatabase> CreateAsync(string engine, SharedServers servers)
    {
        var provider = Enum.Parse<StorageProvider>(engine, ignoreCase: true);
        if (provider == StorageProvider.Postgres)
        {
            return new TestDatabase(provider, await servers.NewPostgresDatabaseAsync(TestContext.Current.CancellationToken), null);
        }

        var temp = new TempDirectory();
        return new TestDatabase(provider, temp.File("emotune.db"), temp);
    }

    public IEmoTuneDatabase Open()
    {
        if (Provider == StorageProvider.Sqlite)
        {
            return new SqliteDatabase(_target);
        }

        var database = new PostgresDatabase(_target);
        _opened.Add(database);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _temp?.Dispose();
    }
}
