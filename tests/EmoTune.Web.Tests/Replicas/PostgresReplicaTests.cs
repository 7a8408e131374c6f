using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoTune.Testing;
using EmoTune.Web.Tests.Profiles;

namespace EmoTune.Web.Tests.Replicas;

/// <summary>
/// Two app instances on one PostgreSQL database, as two replicas: what one stores the other reads, a sign-in cookie
/// from one works on the other (the key ring shared here through one keys folder),
/// and no account reaches another's data on either.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PostgresReplicaTests(EmoTuneFactory factory, SharedServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignInOnOne_CookieWorksOnTheOther_FeedbackFromBothIsOneHistory()
    {
        var settings = await PostgresSettingsAsync();
        using var folder = TempFolder.Create();
        using var a = ProfileHost.Create(factory, databasePath: folder.Combine("emotune.db"), settings: settings);
        using var b = ProfileHost.Create(factory, databasePath: folder.Combine("emotune.db"), settings: settings);
        var (onA, cookie) = await a.RegisterKeepingCookieAsync("alice");
        using var alice = onA;
        using var aliceOnB = CookieClient(b, cookie);

        Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(alice, 0)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(aliceOnB, 1, kind: "skip")).StatusCode);
        var fromA = await ProfileHost.HistoryAsync(alice);
        var fromB = await ProfileHost.HistoryAsync(aliceOnB);

        Assert.Equal(2, fromA.GetProperty("items").GetArrayLength());
        Assert.Equal(fromA.GetRawText(), fromB.GetRawText());
    }

    [Fact]
    public async Task NoAccount_ReadsOrDeletesAnothersData_OnAnyReplica()
    {
        var settings = await PostgresSettingsAsync();
        using var folder = TempFolder.Create();
        using var a = ProfileHost.Create(factory, databasePath: folder.Combine("emotune.db"), settings: settings);
        using var b = ProfileHost.Create(factory, databasePath: folder.Combine("emotune.db"), settings: settings);
        using var alice = await a.RegisterAsync("alice");
        var (onB, bobCookie) = await b.RegisterKeepingCookieAsync("bob");
        using var bob = onB;
        using var bobOnA = CookieClient(a, bobCookie);
        await ProfileHost.PostFeedbackAsync(alice, 0);
        await ProfileHost.PostFeedbackAsync(alice, 1);

        var bobsHistoryOnA = await ProfileHost.HistoryAsync(bobOnA);
        var bobsExportOnB = await ProfileHost.ExportAsync(bob);
        using var bobDeletes = await bob.DeleteAsync("/api/v1/me/data", Ct);
        using var bobDeletesOnA = await bobOnA.DeleteAsync("/api/v1/me/data", Ct);

        Assert.Equal(0, bobsHistoryOnA.GetProperty("items").GetArrayLength());
        Assert.Equal(0, bobsExportOnB.GetProperty("data").GetProperty("feedback").GetArrayLength());
        Assert.Equal(2, (await ProfileHost.HistoryAsync(alice)).GetProperty("items").GetArrayLength());
    }

    private async Task<Dictionary<string, string>> PostgresSettingsAsync() => new(StringComparer.Ordinal)
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = await servers.NewPostgresDatabaseAsync(Ct),
    };

    /// <summary>A client of <paramref name="host"/> that sends <paramref name="cookie"/> (issued by another replica) on every request.</summary>
    internal static HttpClient CookieClient(ProfileHost host, string cookie)
    {
        var client = host.CreateClient(handleCookies: false);
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}
