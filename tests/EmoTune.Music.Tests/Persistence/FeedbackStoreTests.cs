using System.Data.Common;
using Dapper;
using EmoTune.Core.Emotions;
using EmoTune.Music.Catalog;
using EmoTune.Music.Feedback;
using EmoTune.Music.Persistence;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Tests.Persistence;

/// <summary>
/// The feedback store's specification, run on every engine (<see cref="SqliteFeedbackStoreTests"/>,
/// <see cref="PostgresFeedbackStoreTests"/>). Each test has its own empty database; <see cref="OpenDatabase"/> opens
/// it afresh each call, as a restarted process or another replica would.
/// </summary>
public abstract class FeedbackStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Prepares the test's empty database.</summary>
    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Removes the test's database.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>A new database object on the test's database (a new one: same data, no shared state).</summary>
    protected abstract IEmoTuneDatabase OpenDatabase();

    /// <summary>Runs <paramref name="sql"/> on the test's database without migrating it first (to build an old schema).</summary>
    protected abstract Task ExecuteUnmigratedAsync(string sql);

    private SqlFeedbackStore CreateStore() => new(OpenDatabase());

    protected static FeedbackEvent CreateEvent(
        string profile = "alice",
        string title = "Creep",
        string artist = "Radiohead",
        string genre = "rock",
        Emotion emotion = Emotion.Sad,
        FeedbackKind kind = FeedbackKind.Like,
        int minute = 0) =>
        FeedbackEvent.For(profile, TestTracks.Create(title, artist: artist, genre: genre), emotion, MoodStrategy.Match, kind, Noon.AddMinutes(minute));

    protected async Task<long> ScalarAsync(string sql)
    {
        await using DbConnection connection = await OpenDatabase().OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private Task<long> CountRowsAsync() => ScalarAsync("SELECT COUNT(*) FROM feedback;");

    [Fact]
    public async Task Feedback_SurvivesReopeningTheDatabase()
    {
        var first = CreateStore();
        await first.AddAsync(CreateEvent(kind: FeedbackKind.Like));
        await first.AddAsync(CreateEvent(title: "Karma Police", kind: FeedbackKind.Dislike, minute: 1));

        var reopened = CreateStore();
        var export = await reopened.ExportAsync("alice");

        Assert.Equal(2, export.Feedback.Count);
        Assert.Equal(CreateEvent(kind: FeedbackKind.Like), export.Feedback[0]);
        Assert.Equal(CreateEvent(title: "Karma Police", kind: FeedbackKind.Dislike, minute: 1), export.Feedback[1]);
    }

    [Fact]
    public async Task ConcurrentWriters_OnTwoConnections_LoseNothing()
    {
        const int perWriter = 150;
        var a = CreateStore();
        var b = CreateStore();
        await a.AddAsync(CreateEvent(profile: "warm-up"));

        async Task WriteAsync(SqlFeedbackStore store, string profile)
        {
            for (var i = 0; i < perWriter; i++)
            {
                await store.AddAsync(CreateEvent(profile: profile, title: $"t{i}", minute: i));
            }
        }

        await Task.WhenAll(Task.Run(() => WriteAsync(a, "alice")), Task.Run(() => WriteAsync(b, "bob")));

        Assert.Equal(perWriter, (await a.ExportAsync("alice")).Feedback.Count);
        Assert.Equal(perWriter, (await b.ExportAsync("bob")).Feedback.Count);
        Assert.Equal(Enumerable.Range(0, perWriter).Select(i => $"t{i}"), (await b.ExportAsync("bob")).Feedback.Select(f => f.Title));
        Assert.Equal((2 * perWriter) + 1, await CountRowsAsync());
    }

    [Fact]
    public async Task ConcurrentStores_OnANewDatabase_MigrateOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToList();

        await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.AddAsync(CreateEvent(profile: $"p{i}")))));

        Assert.Equal(SqliteMigrations.LatestVersion, await ScalarAsync("SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal(4, await CountRowsAsync());
    }

    [Fact]
    public async Task ExportAndDelete_TouchOnlyTheGivenProfile()
    {
        var store = CreateStore();
        await store.AddAsync(CreateEvent(profile: "alice", kind: FeedbackKind.Skip));
        await store.AddAsync(CreateEvent(profile: "alice", title: "No Surprises", minute: 1));
        await store.AddAsync(CreateEvent(profile: "bob", title: "Yellow", artist: "Coldplay", minute: 2));

        var aliceExport = await store.ExportAsync("alice");
        var deleted = await store.DeleteProfileAsync("alice");

        Assert.Equal(["alice", "alice"], aliceExport.Feedback.Select(f => f.ProfileId));
        Assert.Equal(2, deleted);
        Assert.Empty((await store.ExportAsync("alice")).Feedback);
        Assert.Equal(0, (await store.GetMoodFeedbackAsync("alice", Emotion.Sad)).Total);
        var bob = Assert.Single((await store.ExportAsync("bob")).Feedback);
        Assert.Equal("Yellow", bob.Title);
        Assert.Equal(1, await CountRowsAsync());
    }

    [Fact]
    public async Task Export_JsonNamesEveryFieldAndRoundTrips()
    {
        var store = CreateStore();
        await store.AddAsync(CreateEvent(kind: FeedbackKind.Skip));

        var export = await store.ExportAsync("alice");
        var json = export.ToJson();

        Assert.Contains("\"profileId\": \"alice\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"skip\"", json, StringComparison.Ordinal);
        Assert.Contains("\"emotion\": \"sad\"", json, StringComparison.Ordinal);
        Assert.Contains("\"artist\": \"Radiohead\"", json, StringComparison.Ordinal);
        var back = ProfileExport.FromJson(json);
        Assert.Equal(export.Feedback, back.Feedback);
    }

    [Fact]
    public async Task MoodFeedback_TalliesPerTrackArtistAndGenre_InThatMoodOnly()
    {
        var store = CreateStore();
        await store.AddAsync(CreateEvent(title: "Creep", kind: FeedbackKind.Like));
        await store.AddAsync(CreateEvent(title: "Creep", kind: FeedbackKind.Skip, minute: 1));
        await store.AddAsync(CreateEvent(title: "Karma Police", kind: FeedbackKind.Dislike, minute: 2));
        await store.AddAsync(CreateEvent(title: "Yellow", artist: "Coldplay", genre: "rock", emotion: Emotion.Happy, minute: 3));
        await store.AddAsync(CreateEvent(profile: "bob", title: "Creep", kind: FeedbackKind.Like, minute: 4));

        var sad = await store.GetMoodFeedbackAsync("alice", Emotion.Sad);

        Assert.Equal(3, sad.Total);
        Assert.Equal(new FeedbackCounts(1, 1, 0), sad.ForTrack(Track.CreateId("test", "Radiohead", "Creep")));
        Assert.Equal(new FeedbackCounts(1, 1, 1), sad.ForArtist("radiohead"));
        Assert.Equal(new FeedbackCounts(1, 1, 1), sad.ForGenre("rock"));
        Assert.Equal(FeedbackCounts.None, sad.ForArtist("Coldplay"));
    }

    [Fact]
    public async Task MoodFeedback_AllMoods_TalliesTheProfileInEveryMood()
    {
        var store = CreateStore();
        await store.AddAsync(CreateEvent(title: "Creep", kind: FeedbackKind.Like));
        await store.AddAsync(CreateEvent(title: "Creep", emotion: Emotion.Happy, kind: FeedbackKind.Skip, minute: 1));
        await store.AddAsync(CreateEvent(title: "Yellow", artist: "Coldplay", genre: "pop", emotion: Emotion.Angry, kind: FeedbackKind.Dislike, minute: 2));
        await store.AddAsync(CreateEvent(profile: "bob", title: "Creep", kind: FeedbackKind.Like, minute: 3));

        var sad = await store.GetMoodFeedbackAsync("alice", Emotion.Sad);

        Assert.Equal(1, sad.Total);
        Assert.NotNull(sad.AllMoods);
        Assert.Equal(3, sad.AllMoods.Total);
        Assert.Equal(new FeedbackCounts(1, 1, 0), sad.AllMoods.ForTrack(Track.CreateId("test", "Radiohead", "Creep")));
        Assert.Equal(new FeedbackCounts(0, 0, 1), sad.AllMoods.ForGenre("pop"));
        Assert.Equal(FeedbackCounts.None, sad.ForGenre("pop"));
    }

    [Fact]
    public async Task RecentTrackIds_MostRecentFirst_PerProfile()
    {
        var store = CreateStore();
        foreach (var (title, minute) in new[] { ("a", 0), ("b", 1), ("c", 2) })
        {
            await store.AddAsync(CreateEvent(title: title, minute: minute));
        }

        await store.AddAsync(CreateEvent(profile: "bob", title: "z", minute: 3));

        var recent = await store.GetRecentTrackIdsAsync("alice", 2);

        Assert.Equal([Track.CreateId("test", "Radiohead", "c"), Track.CreateId("test", "Radiohead", "b")], recent);
    }

    [Fact]
    public async Task History_NewestFirst_PagedByBefore_OnlyTheProfilesOwn()
    {
        var store = CreateStore();
        foreach (var (title, minute) in new[] { ("a", 0), ("b", 1), ("c", 2), ("d", 3), ("e", 4) })
        {
            await store.AddAsync(CreateEvent(title: title, minute: minute, kind: minute % 2 == 0 ? FeedbackKind.Like : FeedbackKind.Skip));
            await store.AddAsync(CreateEvent(profile: "bob", title: "bob-" + title, minute: minute));
        }

        var first = await store.GetHistoryAsync("alice", 2);
        var second = await store.GetHistoryAsync("alice", 2, before: first[^1].Id);
        var last = await store.GetHistoryAsync("alice", 2, before: second[^1].Id);
        var beyond = await store.GetHistoryAsync("alice", 2, before: last[^1].Id);

        Assert.Equal(["e", "d"], first.Select(h => h.Event.Title));
        Assert.Equal(["c", "b"], second.Select(h => h.Event.Title));
        Assert.Equal(["a"], last.Select(h => h.Event.Title));
        Assert.Empty(beyond);
        Assert.Equal(CreateEvent(title: "d", minute: 3, kind: FeedbackKind.Skip), first[1].Event);
        Assert.True(first[0].Id > first[1].Id);
    }

    [Fact]
    public async Task ProfileData_ExportsTheEventsOldestFirst_AndDeleteRemovesOnlyThatProfile()
    {
        var store = CreateStore();
        await store.AddAsync(CreateEvent(title: "first"));
        await store.AddAsync(CreateEvent(title: "second", minute: 1));
        await store.AddAsync(CreateEvent(profile: "bob", title: "bob's", minute: 2));
        var data = new FeedbackProfileData(store);

        var exported = Assert.IsAssignableFrom<IReadOnlyList<FeedbackEvent>>(await data.ExportAsync("alice"));
        var removed = await data.DeleteAsync("alice");

        Assert.Equal("feedback", data.Name);
        Assert.Equal(["first", "second"], exported.Select(e => e.Title));
        Assert.Equal(2, removed);
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<FeedbackEvent>>(await data.ExportAsync("alice")));
        Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<FeedbackEvent>>(await data.ExportAsync("bob")));
    }

    [Fact]
    public async Task Migrations_NewDatabase_ReachLatestVersion_AndReopeningAppliesNothingTwice()
    {
        await CreateStore().AddAsync(CreateEvent());
        await CreateStore().AddAsync(CreateEvent(minute: 1));

        Assert.Equal(SqliteMigrations.LatestVersion, PostgresMigrations.LatestVersion);
        Assert.Equal(SqliteMigrations.LatestVersion, await ScalarAsync("SELECT MAX(version) FROM schema_version;"));
        Assert.Equal(SqliteMigrations.LatestVersion, await ScalarAsync("SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal(2, await CountRowsAsync());
    }

    [Fact]
    public async Task Migrations_CreateTheAccountTable_WithUniqueUserNames()
    {
        var database = OpenDatabase();
        await using var connection = await database.OpenConnectionAsync();

        await connection.ExecuteAsync("INSERT INTO account (id, user_name, password_hash, created_utc) VALUES ('1', 'ann', 'h', 't');");
        var duplicate = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("INSERT INTO account (id, user_name, password_hash, created_utc) VALUES ('2', 'ann', 'h', 't');"));

        Assert.True(database.IsUniqueViolation(duplicate), duplicate.Message);
    }

    [Fact]
    public async Task Migrations_AccountsFromVersion3_GetARandomSecurityStampEach()
    {
        // A database as version 3 left it: two accounts, no security stamps (the same SQL in both dialects).
        await ExecuteUnmigratedAsync("""
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_utc TEXT NOT NULL);
            INSERT INTO schema_version VALUES (1, 't'), (2, 't'), (3, 't');
            CREATE TABLE account (id TEXT PRIMARY KEY, user_name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, created_utc TEXT NOT NULL);
            INSERT INTO account VALUES ('1', 'ann', 'h', 't'), ('2', 'bob', 'h', 't');
            """);

        await using var connection = await OpenDatabase().OpenConnectionAsync();
        var stamps = (await connection.QueryAsync<string>("SELECT security_stamp FROM account ORDER BY id;")).ToList();

        Assert.Equal(SqliteMigrations.LatestVersion, await connection.ExecuteScalarAsync<long>("SELECT MAX(version) FROM schema_version;"));
        Assert.Equal(2, stamps.Count);
        Assert.All(stamps, s => Assert.Matches("^[0-9a-f]{32}$", s));
        Assert.NotEqual(stamps[0], stamps[1]);
    }

    [Fact]
    public async Task Add_NoProfile_Rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => CreateStore().AddAsync(CreateEvent(profile: " ")));
    }
}
