using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoTune.Testing;
using EmoTune.Web.Tests.Profiles;

namespace EmoTune.Web.Tests.Replicas;

/// <summary>
/// Redis or PostgreSQL going away: requests that need it get a 503 ProblemDetails naming it, <c>/health</c> says which
/// is down, and the replica recovers by itself when it returns. Each test has servers of its own to stop.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class OutageTests(EmoTuneFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgresDown_503NamesTheDatabase_HealthSaysPostgres_AndRecovers()
    {
        await using var postgres = await PostgresServer.StartAsync(Ct);
        using var replicas = ReplicaHosts.Create(factory, 1, await postgres.CreateDatabaseAsync(Ct), redis: null);
        using var alice = await replicas[0].RegisterAsync("alice");
        using var anonymous = replicas[0].CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(alice, 0)).StatusCode);

        await postgres.StopAsync(Ct);
        using var down = await ProfileHost.PostFeedbackAsync(alice, 1);
        using var health = await anonymous.GetAsync("/health", Ct);
        var problem = await down.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var report = await health.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Database unavailable", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("postgres", report.GetProperty("storage").GetProperty("kind").GetString());
        Assert.Equal("unavailable", report.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("ok", report.GetProperty("redis").GetProperty("status").GetString());

        await postgres.StartAgainAsync(Ct);
        await WaitHealthyAsync(anonymous);
        Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(alice, 2)).StatusCode);
        Assert.Equal(2, (await ProfileHost.HistoryAsync(alice)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task RedisDown_503NamesRedis_HealthSaysRedis_AndRecovers()
    {
        await using var postgres = await PostgresServer.StartAsync(Ct);
        await using var redis = await RedisServer.StartAsync(Ct);
        using var replicas = ReplicaHosts.Create(factory, 1, await postgres.CreateDatabaseAsync(Ct), redis.Configuration);
        using var alice = await replicas[0].RegisterAsync("alice");
        using var anonymous = replicas[0].CreateClient();

        await redis.StopAsync();
        using var down = await alice.GetAsync("/api/v1/me/history", Ct);
        using var health = await anonymous.GetAsync("/health", Ct);
        var problem = await down.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var report = await health.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Redis unavailable", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("unavailable", report.GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("ok", report.GetProperty("storage").GetProperty("status").GetString());

        // Back, but empty (the test's Redis keeps nothing on disk): sessions are gone, so Alice signs in again.
        await redis.StartAgainAsync(Ct);
        await WaitHealthyAsync(anonymous);
        using var again = replicas[0].CreateClient();
        using var signIn = await again.PostAsJsonAsync("/api/v1/account/signin", new { userName = "alice", password = ProfileHost.Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/me/history", Ct)).StatusCode);
    }

    private static async Task WaitHealthyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var health = await client.GetAsync("/health", Ct);
            if (health.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the replica did not report healthy within 30 s of its dependency's return");
            await Task.Delay(250, Ct);
        }
    }
}
