using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoTune.Web.Tests.Profiles;

namespace EmoTune.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class RecommendationsApiTests(EmoTuneFactory factory)
{
    [Fact]
    public async Task Get_SadLift_ReturnsExplainedTracks()
    {
        using var client = factory.CreateClient();

        var tracks = await client.GetFromJsonAsync<JsonElement>("/api/v1/recommendations?emotion=sad&strategy=lift&limit=5", TestContext.Current.CancellationToken);

        Assert.Equal(5, tracks.GetArrayLength());
        Assert.All(tracks.EnumerateArray(), t => Assert.Contains("sad", t.GetProperty("reason").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_SameQueryTwice_GivesTheSameList_AnotherRefreshAnother()
    {
        using var client = factory.CreateClient();
        async Task<string> IdsAsync(string query)
        {
            var tracks = await client.GetFromJsonAsync<JsonElement>("/api/v1/recommendations?emotion=surprise&strategy=match&limit=8" + query, TestContext.Current.CancellationToken);
            return string.Join(',', tracks.EnumerateArray().Select(t => t.GetProperty("id").GetString() + "|" + t.GetProperty("reason").GetString()));
        }

        var first = await IdsAsync("");
        var again = await IdsAsync("");
        var refreshed = await IdsAsync("&refresh=1");

        Assert.Equal(first, again);
        Assert.NotEqual(first, refreshed);
        Assert.Contains("matches your surprise (excited) mood", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/recommendations?emotion=bored")]
    [InlineData("/api/v1/recommendations?emotion=sad&strategy=party")]
    [InlineData("/api/v1/recommendations?emotion=sad&limit=500")]
    public async Task Get_BadQuery_Is400(string url)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/recommendations?emotion=3", "emotion '3'")]
    [InlineData("/api/v1/recommendations?emotion=sad&strategy=1", "strategy '1'")]
    [InlineData("/api/v1/recommendations?emotion=sad&strategy=match,lift", "strategy 'match,lift'")]
    public async Task Get_NumberOrListForAName_Is400NamingTheParameter(string url, string detail)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("happy", "match", "1", "kind '1'")]
    [InlineData("happy", "match", "-1", "kind '-1'")]
    [InlineData("3", "match", "like", "emotion '3'")]
    [InlineData("happy", "2", "like", "strategy '2'")]
    public async Task Feedback_NumberForAName_Is400NamingTheField_AndStoresNothing(string emotion, string strategy, string kind, string detail)
    {
        using var host = ProfileHost.Create(factory, requireSignIn: "false");
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync(
            "/api/v1/feedback", new { trackId = ProfileHost.Tracks[0].Id, emotion, strategy, kind }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, (await ProfileHost.HistoryAsync(client)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Feedback_NamesInAnyCase_AreAccepted()
    {
        using var host = ProfileHost.Create(factory, requireSignIn: "false");
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync(
            "/api/v1/feedback", new { trackId = ProfileHost.Tracks[0].Id, emotion = "Happy", strategy = "LIFT", kind = "Dislike" }, TestContext.Current.CancellationToken);
        var item = (await ProfileHost.HistoryAsync(client)).GetProperty("items")[0];

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("dislike", item.GetProperty("kind").GetString());
        Assert.Equal("lift", item.GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task Feedback_KnownTrack_IsRecordedAndUnknownIsRefused()
    {
        using var client = factory.CreateClient();
        var tracks = await client.GetFromJsonAsync<JsonElement>("/api/v1/recommendations?emotion=happy&limit=1", TestContext.Current.CancellationToken);
        var id = tracks[0].GetProperty("id").GetString();

        using var ok = await client.PostAsJsonAsync("/api/v1/feedback", new { trackId = id, emotion = "happy", strategy = "match", kind = "like" }, TestContext.Current.CancellationToken);
        using var unknown = await client.PostAsJsonAsync("/api/v1/feedback", new { trackId = "catalog:nobody/nothing", emotion = "happy", strategy = "match", kind = "like" }, TestContext.Current.CancellationToken);
        using var malformed = await client.PostAsync("/api/v1/feedback", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }
}
