using System.Web;
using EmoTune.Music.Spotify;
using Microsoft.Data.Sqlite;

namespace EmoTune.Music.Tests.Spotify;

public sealed class SpotifyAuthorizationTests
{
    [Fact]
    public void CreateAuthorization_Url_AsksForCodeWithS256ChallengeStateScopesAndRedirect()
    {
        using var harness = new SpotifyHarness();

        var auth = harness.Get<SpotifyAccountsClient>().CreateAuthorization();

        Assert.Equal(harness.Server.Url + "/authorize", auth.Url.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(auth.Url.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(SpotifyHarness.ClientId, query["client_id"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(SpotifyPkce.Challenge(auth.Verifier), query["code_challenge"]);
        Assert.Equal(auth.State, query["state"]);
        Assert.Equal(SpotifyOptions.DefaultScopes, query["scope"]);
        Assert.Equal(SpotifyHarness.RedirectUri, query["redirect_uri"]);
        Assert.DoesNotContain(auth.Verifier, auth.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.DoesNotContain(auth.Verifier, auth.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_PostsTheCodeExchangeForm_AndStoresTokensEncryptedWithTheDisplayName()
    {
        using var harness = new SpotifyHarness();
        harness.StubToken("AT-first-0123456789", "RT-first-0123456789");
        harness.StubJson("GET", "/v1/me", 200, """{"id":"alice.s","display_name":"Alice S"}""", bearer: "AT-first-0123456789");
        var auth = harness.Get<SpotifyAccountsClient>().CreateAuthorization();

        var user = await harness.Client.ConnectAsync(SpotifyHarness.Profile, "the-code", auth.Verifier);

        Assert.Equal("Alice S", user.DisplayName);
        var form = HttpUtility.ParseQueryString(Assert.Single(harness.Requests("POST", "/api/token")).Body!);
        Assert.Equal("authorization_code", form["grant_type"]);
        Assert.Equal("the-code", form["code"]);
        Assert.Equal(SpotifyHarness.RedirectUri, form["redirect_uri"]);
        Assert.Equal(SpotifyHarness.ClientId, form["client_id"]);
        Assert.Equal(auth.Verifier, form["code_verifier"]);
        Assert.Null(form["client_secret"]);

        var stored = await harness.Store.GetTokensAsync(SpotifyHarness.Profile);
        Assert.Equal("AT-first-0123456789", stored!.AccessToken);
        Assert.Equal("RT-first-0123456789", stored.RefreshToken);
        Assert.Equal("Alice S", (await harness.Store.GetConnectionAsync(SpotifyHarness.Profile)).DisplayName);
        var raw = harness.RawDatabaseBytes();
        Assert.True(SpotifyHarness.Contains(raw, "Alice S"), "the database file should be the one read");
        Assert.False(SpotifyHarness.Contains(raw, "AT-first-0123456789"), "access token in clear in the database");
        Assert.False(SpotifyHarness.Contains(raw, "RT-first-0123456789"), "refresh token in clear in the database");
        Assert.Contains(Directory.EnumerateFiles(SpotifyServiceCollectionExtensions.KeysFolder(harness.DatabasePath).FullName), f => f.EndsWith(".xml", StringComparison.Ordinal));
        harness.AssertClean("AT-first-0123456789", "RT-first-0123456789", "the-code", auth.Verifier);
    }

    [Fact]
    public async Task Connect_CodeRefused_FailsClearlyAndStoresNothing()
    {
        using var harness = new SpotifyHarness();
        harness.StubJson("POST", "/api/token", 400, """{"error":"invalid_grant","error_description":"Invalid authorization code"}""");

        var e = await Assert.ThrowsAsync<SpotifyException>(() => harness.Client.ConnectAsync(SpotifyHarness.Profile, "stale", SpotifyPkce.CreateVerifier()));

        Assert.Contains("Invalid authorization code", e.Message, StringComparison.Ordinal);
        Assert.Equal(400, e.StatusCode);
        Assert.False((await harness.Store.GetConnectionAsync(SpotifyHarness.Profile)).Connected);
    }

    [Theory]
    [InlineData("RT-rotated", "RT-rotated")]
    [InlineData(null, "RT-old")]
    public async Task Refresh_KeepsTheRefreshTokenUnlessSpotifyRotatesIt(string? answered, string kept)
    {
        using var harness = new SpotifyHarness();
        harness.StubToken("AT-new", answered);

        var fresh = await harness.Get<SpotifyAccountsClient>().RefreshAsync(new SpotifyTokens("AT-old", "RT-old", DateTimeOffset.UtcNow, ["user-top-read"]));

        Assert.Equal("AT-new", fresh.AccessToken);
        Assert.Equal(kept, fresh.RefreshToken);
        Assert.InRange(fresh.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        var form = HttpUtility.ParseQueryString(Assert.Single(harness.Requests("POST", "/api/token")).Body!);
        Assert.Equal("refresh_token", form["grant_type"]);
        Assert.Equal("RT-old", form["refresh_token"]);
        Assert.Equal(SpotifyHarness.ClientId, form["client_id"]);
    }

    [Fact]
    public void SpotifyTokens_ToString_HoldsNoToken()
    {
        var text = new SpotifyTokens("AT-secret-value", "RT-secret-value", DateTimeOffset.UnixEpoch, ["a"]).ToString();

        Assert.DoesNotContain("secret-value", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_Export_HasNoToken_AndDelete_RemovesTheTokens()
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-export-secret", "RT-export-secret", TimeSpan.FromHours(1));
        await harness.Store.SetDisplayNameAsync(SpotifyHarness.Profile, "Alice");

        var exported = System.Text.Json.JsonSerializer.Serialize(await harness.Store.ExportAsync(SpotifyHarness.Profile));
        var deleted = await harness.Store.DeleteAsync(SpotifyHarness.Profile);

        Assert.Equal("spotify", harness.Store.Name);
        Assert.Contains("\"Connected\":true", exported, StringComparison.Ordinal);
        Assert.Contains("playlist-modify-private", exported, StringComparison.Ordinal);
        Assert.Contains("Alice", exported, StringComparison.Ordinal);
        Assert.DoesNotContain("export-secret", exported, StringComparison.Ordinal);
        Assert.Equal(1, deleted);
        Assert.Null(await harness.Store.GetTokensAsync(SpotifyHarness.Profile));
        Assert.False((await harness.Store.GetConnectionAsync(SpotifyHarness.Profile)).Connected);
        Assert.Contains(harness.Get<IEnumerable<EmoTune.Music.Persistence.IProfileDataStore>>(), s => s is SpotifyTokenStore);
        await using var db = new SqliteConnection("Data Source=" + harness.DatabasePath);
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM spotify_tokens;";
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Store_AnotherKeyRing_CannotReadTheTokens()
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-keyring", "RT-keyring", TimeSpan.FromHours(1));
        var stranger = new SpotifyTokenStore(harness.DatabasePath, new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());

        Assert.Null(await stranger.GetTokensAsync(SpotifyHarness.Profile));
        Assert.Equal("AT-keyring", (await harness.Store.GetTokensAsync(SpotifyHarness.Profile))!.AccessToken);
    }
}
