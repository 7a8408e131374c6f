using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoTune.Music.Spotify;
using EmoTune.Testing;
using EmoTune.Web.Tests.Profiles;
using Microsoft.Extensions.DependencyInjection;

namespace EmoTune.Web.Tests.Replicas;

/// <summary>
/// Replicas that share only PostgreSQL and Redis (each its own data folder): the key ring, sign-in sessions and the
/// per-client limits are the cluster's, not one replica's.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RedisReplicaTests(EmoTuneFactory factory, SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignInOnOne_CookieWorksOnEachOther_AndSignOutEndsItOnAll()
    {
        using var replicas = await CreateAsync(3);
        var (onFirst, cookie) = await replicas[0].RegisterKeepingCookieAsync("alice");
        using var alice = onFirst;
        using var onSecond = PostgresReplicaTests.CookieClient(replicas[1], cookie);
        using var onThird = PostgresReplicaTests.CookieClient(replicas[2], cookie);

        Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(onSecond, 0)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(onThird, 1)).StatusCode);
        Assert.Equal(2, (await ProfileHost.HistoryAsync(alice)).GetProperty("items").GetArrayLength());
        var status = await onThird.GetFromJsonAsync<JsonElement>("/api/v1/account", Ct);
        Assert.True(status.GetProperty("signedIn").GetBoolean());

        using var signOut = await onSecond.PostAsync("/api/v1/account/signout", null, Ct);

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/v1/me/history", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onThird.GetAsync("/api/v1/me/history", Ct)).StatusCode);
    }

    [Fact]
    public async Task SpotifyToken_StoredByOneReplica_IsReadByAnother()
    {
        using var replicas = await CreateAsync(2);
        var tokens = new SpotifyTokens("access", "refresh", DateTimeOffset.UtcNow.AddHours(1), ["user-read-email"]);

        await replicas[0].App.Services.GetRequiredService<SpotifyTokenStore>().SaveAsync("alice", tokens, "Alice", Ct);
        var read = await replicas[1].App.Services.GetRequiredService<SpotifyTokenStore>().GetTokensAsync("alice", Ct);

        Assert.Equal("access", read?.AccessToken);
        Assert.Equal("refresh", read?.RefreshToken);
    }

    [Fact]
    public async Task SignInAttempts_AreCountedAcrossReplicas()
    {
        using var replicas = await CreateAsync(2, new Dictionary<string, string>(StringComparer.Ordinal) { ["Web:SignInAttemptsPerMinute"] = "3" });
        using var onFirst = replicas[0].CreateClient();
        using var onSecond = replicas[1].CreateClient();
        var wrong = new { userName = "nobody", password = "wrong password here" };

        var codes = new List<HttpStatusCode>();
        foreach (var client in new[] { onFirst, onSecond, onFirst, onSecond })
        {
            using var response = await client.PostAsJsonAsync("/api/v1/account/signin", wrong, Ct);
            codes.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task WebSocketsPerClient_AreCountedAcrossReplicas_AndFreedOnClose()
    {
        using var replicas = await CreateAsync(2, new Dictionary<string, string>(StringComparer.Ordinal) { ["Web:MaxWebSocketsPerClient"] = "1" }, requireSignIn: "false");
        var first = await FrameSockets.ConnectAsync(replicas[0].App);
        using var other = replicas[1].CreateClient();
        // What the page asks when its WebSocket is refused: the other replica counts the stream held on the first.
        var capacity = await other.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/streams", Ct);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => FrameSockets.ConnectAsync(replicas[1].App));
        await first.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", Ct);
        first.Dispose();
        await Task.Delay(200, Ct);
        using var second = await FrameSockets.ConnectAsync(replicas[1].App);

        Assert.Contains("429", refused.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, second.State);
        Assert.Equal((1, 1), (capacity.GetProperty("open").GetInt32(), capacity.GetProperty("limit").GetInt32()));
    }

    private async Task<ReplicaHosts> CreateAsync(int count, IReadOnlyDictionary<string, string>? extra = null, string requireSignIn = "true") =>
        ReplicaHosts.Create(
            factory,
            count,
            await servers.NewPostgresDatabaseAsync(Ct),
            (await servers.RedisAsync(Ct)).Configuration,
            extra,
            requireSignIn);
}
