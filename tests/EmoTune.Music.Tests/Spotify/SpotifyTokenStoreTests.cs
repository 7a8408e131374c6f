using EmoTune.Music.Spotify;
using EmoTune.Music.Tests.Persistence;
using EmoTune.Testing;
using Microsoft.AspNetCore.DataProtection;

namespace EmoTune.Music.Tests.Spotify;

/// <summary>The token store on both engines; two store objects on one database stand for two replicas sharing a key ring.</summary>
public sealed class SpotifyTokenStoreTests(SharedServers servers)
{
    private static readonly DateTimeOffset Expiry = new(2026, 12, 3, 13, 0, 0, TimeSpan.Zero);
    private readonly IDataProtectionProvider _sharedKeys = new EphemeralDataProtectionProvider();

    private static SpotifyTokens CreateTokens(string access = "access-1") => new(access, "refresh-1", Expiry, ["user-read-email", "playlist-modify-private"]);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TokensSavedByOneReplica_AreReadByAnother_AndReplaced(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine, servers);
        var first = new SpotifyTokenStore(database.Open(), _sharedKeys);
        var second = new SpotifyTokenStore(database.Open(), _sharedKeys);

        await first.SaveAsync("alice", CreateTokens(), "Alice");
        var read = await second.GetTokensAsync("alice");
        await second.SaveAsync("alice", CreateTokens("access-2"));
        var replaced = await first.GetTokensAsync("alice");
        var connection = await first.GetConnectionAsync("alice");

        Assert.NotNull(read);
        Assert.Equal("access-1", read.AccessToken);
        Assert.Equal("refresh-1", read.RefreshToken);
        Assert.Equal(Expiry, read.ExpiresAt);
        Assert.Equal(["user-read-email", "playlist-modify-private"], read.Scopes);
        Assert.Equal("access-2", replaced?.AccessToken);
        Assert.Equal("Alice", connection.DisplayName);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ExportAndDelete_TouchOnlyTheProfile_AndExportHasNoToken(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine, servers);
        var store = new SpotifyTokenStore(database.Open(), _sharedKeys);
        await store.SaveAsync("alice", CreateTokens("alice-secret"), "Alice");
        await store.SaveAsync("bob", CreateTokens("bob-secret"), "Bob");

        var export = System.Text.Json.JsonSerializer.Serialize(await store.ExportAsync("alice"));
        var deleted = await store.DeleteAsync("alice");

        Assert.DoesNotContain("alice-secret", export, StringComparison.Ordinal);
        Assert.Contains("Alice", export, StringComparison.Ordinal);
        Assert.Equal(1, deleted);
        Assert.Null(await store.GetTokensAsync("alice"));
        Assert.Equal("bob-secret", (await store.GetTokensAsync("bob"))?.AccessToken);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AReplicaWithAnotherKeyRing_SeesNoTokens(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine, servers);
        await new SpotifyTokenStore(database.Open(), _sharedKeys).SaveAsync("alice", CreateTokens());

        var stranger = new SpotifyTokenStore(database.Open(), new EphemeralDataProtectionProvider());

        Assert.Null(await stranger.GetTokensAsync("alice"));
        Assert.True((await stranger.GetConnectionAsync("alice")).Connected);
    }
}
