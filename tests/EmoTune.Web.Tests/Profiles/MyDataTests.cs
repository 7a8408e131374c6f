using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EmoTune.Web.Tests.Profiles;

/// <summary>History, export and delete of "my data", per profile, concurrent and across restarts.</summary>
[Collection(WebCollection.Name)]
public sealed class MyDataTests(EmoTuneFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] Titles(JsonElement history) =>
        history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToArray();

    [Fact]
    public async Task TwoUsers_SeeOnlyTheirOwnData_AndOnesDeleteLeavesTheOthersAlone()
    {
        using var host = ProfileHost.Create(factory);
        using var alice = await host.RegisterAsync("alice");
        using var bob = await host.RegisterAsync("bob");
        Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(alice, 0, "like")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(alice, 1, "dislike", "sad")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(bob, 2, "skip")).StatusCode);

        var bobHistory = await ProfileHost.HistoryAsync(bob);
        var bobExport = await ProfileHost.ExportAsync(bob);
        using var bobDelete = await bob.DeleteAsync("/api/v1/me/data", Ct);
        var aliceHistory = await ProfileHost.HistoryAsync(alice);
        var aliceExport = await ProfileHost.ExportAsync(alice);

        Assert.Equal([ProfileHost.Tracks[2].Title], Titles(bobHistory));
        Assert.Equal([ProfileHost.Tracks[2].Id], bobExport.GetProperty("data").GetProperty("feedback").EnumerateArray().Select(e => e.GetProperty("trackId").GetString()));
        Assert.Equal(HttpStatusCode.OK, bobDelete.StatusCode);
        Assert.Equal([ProfileHost.Tracks[1].Title, ProfileHost.Tracks[0].Title], Titles(aliceHistory));
        Assert.Equal(2, aliceExport.GetProperty("data").GetProperty("feedback").GetArrayLength());
        Assert.Equal("alice", aliceExport.GetProperty("profile").GetProperty("userName").GetString());
        Assert.NotEqual(bobExport.GetProperty("profile").GetProperty("id").GetString(), aliceExport.GetProperty("profile").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Export_IsAJsonDownload_WithProfileInfoAndAPartPerStore()
    {
        using var host = ProfileHost.Create(factory);
        using var alice = await host.RegisterAsync("alice");
        await ProfileHost.PostFeedbackAsync(alice, 3, "skip", "sad");

        using var response = await alice.GetAsync("/api/v1/me/data", Ct);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("emotune-my-data-", response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        Assert.True(json.GetProperty("profile").GetProperty("signInRequired").GetBoolean());
        Assert.True(json.TryGetProperty("exportedAt", out _));
        var feedback = Assert.Single(json.GetProperty("data").GetProperty("feedback").EnumerateArray());
        Assert.Equal(ProfileHost.Tracks[3].Id, feedback.GetProperty("trackId").GetString());
        Assert.Equal("sad", feedback.GetProperty("emotion").GetString());
        Assert.Equal("match", feedback.GetProperty("strategy").GetString());
        Assert.Equal("skip", feedback.GetProperty("kind").GetString());
        Assert.DoesNotContain("password", json.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Delete_RemovesEverything_TheAccountToo_AndSignsOut()
    {
        using var host = ProfileHost.Create(factory);
        using var alice = await host.RegisterAsync("alice");
        using var otherTab = host.CreateClient();
        using (var signIn = await otherTab.PostAsJsonAsync("/api/v1/account/signin", new { userName = "alice", password = ProfileHost.Password }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        await ProfileHost.PostFeedbackAsync(alice, 0);
        await ProfileHost.PostFeedbackAsync(alice, 1);

        using var delete = await alice.DeleteAsync("/api/v1/me/data", Ct);
        var removed = await delete.Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var afterDelete = await alice.GetAsync("/api/v1/me/history", Ct);
        using var otherTabAfter = await otherTab.GetAsync("/api/v1/me/history", Ct);
        using var signInAgain = await host.CreateClient().PostAsJsonAsync("/api/v1/account/signin", new { userName = "alice", password = ProfileHost.Password }, Ct);
        using var fresh = await host.RegisterAsync("alice");

        Assert.Equal(2, removed.GetProperty("removed").GetProperty("feedback").GetInt32());
        Assert.Equal(1, removed.GetProperty("removed").GetProperty("account").GetInt32());
        Assert.True(removed.GetProperty("signedOut").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, afterDelete.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherTabAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signInAgain.StatusCode);
        Assert.Empty(Titles(await ProfileHost.HistoryAsync(fresh)));
        Assert.Empty((await ProfileHost.ExportAsync(fresh)).GetProperty("data").GetProperty("feedback").EnumerateArray());
    }

    [Fact]
    public async Task LocalMode_ExportThenDelete_EmptiesTheLocalProfile()
    {
        using var host = ProfileHost.Create(factory, requireSignIn: "false");
        using var client = host.CreateClient(pageHeader: false);
        await ProfileHost.PostFeedbackAsync(client, 0);

        var export = await ProfileHost.ExportAsync(client);
        using var delete = await client.DeleteAsync("/api/v1/me/data", Ct);
        var removed = await delete.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var after = await ProfileHost.ExportAsync(client);

        Assert.Equal("local", export.GetProperty("profile").GetProperty("id").GetString());
        Assert.Equal(1, export.GetProperty("data").GetProperty("feedback").GetArrayLength());
        Assert.Equal(1, removed.GetProperty("removed").GetProperty("feedback").GetInt32());
        Assert.False(removed.GetProperty("removed").TryGetProperty("account", out _));
        Assert.False(removed.GetProperty("signedOut").GetBoolean());
        Assert.Equal(0, after.GetProperty("data").GetProperty("feedback").GetArrayLength());
    }

    [Fact]
    public async Task History_PagesNewestFirst_AndRefusesBadLimits()
    {
        using var host = ProfileHost.Create(factory);
        using var alice = await host.RegisterAsync("alice");
        for (var i = 0; i < 5; i++)
        {
            await ProfileHost.PostFeedbackAsync(alice, i, i % 2 == 0 ? "like" : "skip");
        }

        var first = await ProfileHost.HistoryAsync(alice, "limit=3");
        var second = await ProfileHost.HistoryAsync(alice, "limit=3&before=" + first.GetProperty("nextBefore").GetInt64());
        using var zero = await alice.GetAsync("/api/v1/me/history?limit=0", Ct);
        using var huge = await alice.GetAsync("/api/v1/me/history?limit=1000", Ct);

        Assert.Equal([4, 3, 2], Titles(first).Select(t => ProfileHost.Tracks.ToList().FindIndex(x => x.Title == t)));
        Assert.Equal([1, 0], Titles(second).Select(t => ProfileHost.Tracks.ToList().FindIndex(x => x.Title == t)));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextBefore").ValueKind);
        var newest = first.GetProperty("items")[0];
        Assert.Equal("like", newest.GetProperty("kind").GetString());
        Assert.Equal("happy", newest.GetProperty("emotion").GetString());
        Assert.Equal("match", newest.GetProperty("strategy").GetString());
        Assert.Equal(ProfileHost.Tracks[4].Id, newest.GetProperty("trackId").GetString());
        Assert.True(newest.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
    }

    [Fact]
    public async Task TwoTabs_Posting100FeedbackEachInParallel_LoseNothing()
    {
        const int perTab = 100;
        using var host = ProfileHost.Create(factory);
        using var first = await host.RegisterAsync("alice");
        using var second = host.CreateClient();
        using (var signIn = await second.PostAsJsonAsync("/api/v1/account/signin", new { userName = "alice", password = ProfileHost.Password }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        async Task<int> SendAsync(HttpClient tab, int offset)
        {
            var tasks = Enumerable.Range(0, perTab).Select(async i =>
            {
                using var response = await ProfileHost.PostFeedbackAsync(tab, (offset + i) % ProfileHost.Tracks.Count);
                return response.StatusCode == HttpStatusCode.NoContent ? 1 : 0;
            });
            return (await Task.WhenAll(tasks)).Sum();
        }

        var accepted = await Task.WhenAll(Task.Run(() => SendAsync(first, 0)), Task.Run(() => SendAsync(second, perTab)));
        var history = await ProfileHost.HistoryAsync(first, "limit=200");
        var export = await ProfileHost.ExportAsync(second);

        Assert.Equal([perTab, perTab], accepted);
        Assert.Equal(2 * perTab, history.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, history.GetProperty("nextBefore").ValueKind);
        Assert.Equal(2 * perTab, export.GetProperty("data").GetProperty("feedback").GetArrayLength());
    }

    [Fact]
    public async Task Restart_OverTheSameDatabase_KeepsAccountsHistoryAndSignIns()
    {
        using var folder = EmoTune.Testing.TempFolder.Create();
        var database = folder.Combine("emotune.db");
        string cookie;
        using (var before = ProfileHost.Create(factory, databasePath: database))
        {
            using var client = before.CreateClient();
            using var created = await client.PostAsJsonAsync("/api/v1/account/register", new { userName = "alice", password = ProfileHost.Password }, Ct);
            cookie = Assert.Single(created.Headers.GetValues("Set-Cookie")).Split(';')[0];
            await ProfileHost.PostFeedbackAsync(client, 0);
            await ProfileHost.PostFeedbackAsync(client, 1, "dislike");
        }

        using var after = ProfileHost.Create(factory, databasePath: database);
        using var sameCookie = after.CreateClient();
        sameCookie.DefaultRequestHeaders.Add("Cookie", cookie);
        using var signedInAgain = after.CreateClient();
        using var signIn = await signedInAgain.PostAsJsonAsync("/api/v1/account/signin", new { userName = "alice", password = ProfileHost.Password }, Ct);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal([ProfileHost.Tracks[1].Title, ProfileHost.Tracks[0].Title], Titles(await ProfileHost.HistoryAsync(signedInAgain)));
        Assert.Equal([ProfileHost.Tracks[1].Title, ProfileHost.Tracks[0].Title], Titles(await ProfileHost.HistoryAsync(sameCookie)));
    }
}
