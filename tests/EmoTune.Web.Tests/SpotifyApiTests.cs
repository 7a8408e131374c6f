using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using EmoTune.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace EmoTune.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class SpotifyApiTests(EmoTuneFactory factory) : IDisposable
{
    private const string AccessToken = "AT-web-4f0c1d2e3b";
    private const string RefreshToken = "RT-web-9a8b7c6d5e";
    private readonly WireMockServer _spotify = WireMockServer.Start();

    public void Dispose()
    {
        _spotify.Stop();
        _spotify.Dispose();
    }

    private WebApplicationFactory<Program> Configured() => factory.WithWebHostBuilder(b =>
    {
        b.UseSetting("Spotify:ClientId", "webtestclient");
        b.UseSetting("Spotify:RedirectUri", "http://127.0.0.1:5000/api/v1/spotify/callback");
        b.UseSetting("Spotify:AccountsBaseUrl", _spotify.Url + "/");
        b.UseSetting("Spotify:ApiBaseUrl", _spotify.Url + "/v1/");
    });

    private static HttpClient CreateClient(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private void Stub(string method, string path, int status, string json) =>
        _spotify.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(json));

    [Theory]
    [InlineData("3", null, "emotion '3'")]
    [InlineData("happy", "1", "strategy '1'")]
    public async Task Playlist_NumberForAName_Is400NamingTheField(string emotion, string? strategy, string detail)
    {
        using var app = Configured();
        using var client = CreateClient(app);
        var ct = TestContext.Current.CancellationToken;

        using var response = await client.PostAsJsonAsync("/api/v1/spotify/playlists", new { emotion, strategy }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotConfigured_StatusSaysSo_AndLoginIs503NamingTheSetting()
    {
        using var client = CreateClient(factory);
        var ct = TestContext.Current.CancellationToken;

        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/spotify/status", ct);
        using var login = await client.GetAsync("/api/v1/spotify/login", ct);
        using var save = await client.PostAsJsonAsync("/api/v1/spotify/playlists", new { emotion = "happy" }, ct);

        Assert.False(status.GetProperty("configured").GetBoolean());
        Assert.False(status.GetProperty("connected").GetBoolean());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
        Assert.Equal("application/problem+json", login.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Spotify:ClientId", await login.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, save.StatusCode);
    }

    [Fact]
    public async Task Page_HasTheConnectButtonHiddenUntilConfigured_AndCspAllowsOnlySpotifysPlayerInFrames()
    {
        using var client = CreateClient(factory);
        var ct = TestContext.Current.CancellationToken;

        using var page = await client.GetAsync("/", ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        var script = await client.GetStringAsync("/spotify.js", ct);

        Assert.Contains("Connect Spotify", html, StringComparison.Ordinal);
        Assert.Contains("<div id=\"spotify\" class=\"spotify\" hidden>", html, StringComparison.Ordinal);
        Assert.Contains("https://open.spotify.com/embed/track/", script, StringComparison.Ordinal);
        Assert.Contains("frame.setAttribute('credentialless', '')", script, StringComparison.Ordinal); // the page is COEP credentialless
        Assert.Equal("credentialless", page.Headers.GetValues("Cross-Origin-Embedder-Policy").Single());
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-src https://open.spotify.com;", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithPkceAndState_ThenStatusPlaylistAndDisconnect_NeverShowATokenToThePage()
    {
        await using var app = Configured();
        using var client = CreateClient(app);
        var ct = TestContext.Current.CancellationToken;
        Stub("POST", "/api/token", 200, $$"""{"access_token":"{{AccessToken}}","token_type":"Bearer","scope":"user-top-read playlist-modify-private","expires_in":3600,"refresh_token":"{{RefreshToken}}"}""");
        Stub("GET", "/v1/me", 200, """{"id":"alice.s","display_name":"Alice S"}""");
        Stub("GET", "/v1/me/playlists", 200, """{"items":[],"next":null,"total":0}""");
        Stub("POST", "/v1/me/playlists", 201, """{"id":"pl1","name":"EmoTune — Happy","owner":{"id":"alice.s"},"external_urls":{"spotify":"https://open.spotify.com/playlist/pl1"}}""");
        Stub("POST", "/v1/playlists/pl1/items", 201, """{"snapshot_id":"s1"}""");
        var track = (await client.GetFromJsonAsync<JsonElement>("/api/v1/recommendations?emotion=happy&limit=1", ct))[0];
        var (trackId, artist, title) = (track.GetProperty("id").GetString()!, track.GetProperty("artist").GetString()!, track.GetProperty("title").GetString()!);
        Stub("GET", "/v1/search", 200, JsonSerializer.Serialize(new { tracks = new { items = new[] { new { id = "sp1", name = title, uri = "spotify:track:sp1", artists = new[] { new { name = artist } } } }, next = (string?)null, total = 1 } }));

        // A forged callback (wrong state) is refused, and spends this browser's sign-in.
        using var first = await client.GetAsync("/api/v1/spotify/login", ct);
        using var forged = await client.GetAsync("/api/v1/spotify/callback?code=abc&state=forged", ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("state", await forged.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Empty(_spotify.LogEntries);

        using var login = await client.GetAsync("/api/v1/spotify/login", ct);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authorize = login.Headers.Location!;
        Assert.Equal(_spotify.Url + "/authorize", authorize.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(("code", "S256", "webtestclient"), (query["response_type"], query["code_challenge_method"], query["client_id"]));
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("emotune_spotify_signin=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/api/v1/spotify", cookie, StringComparison.OrdinalIgnoreCase);

        using var callback = await client.GetAsync($"/api/v1/spotify/callback?code=the-code&state={Uri.EscapeDataString(query["state"]!)}", ct);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/?spotify=connected", callback.Headers.Location!.OriginalString);
        var form = HttpUtility.ParseQueryString(_spotify.LogEntries.Single(e => e.RequestMessage!.Path == "/api/token").RequestMessage!.Body!);
        Assert.Equal(("authorization_code", "the-code", "http://127.0.0.1:5000/api/v1/spotify/callback"), (form["grant_type"], form["code"], form["redirect_uri"]));
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"]!))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(query["code_challenge"], challenge);
        Assert.DoesNotContain(form["code_verifier"]!, cookie, StringComparison.Ordinal);

        using var statusResponse = await client.GetAsync("/api/v1/spotify/status", ct);
        var statusText = await statusResponse.Content.ReadAsStringAsync(ct);
        using var resolve = await client.PostAsJsonAsync("/api/v1/spotify/resolve", new { trackIds = new[] { trackId } }, ct);
        using var save = await client.PostAsJsonAsync("/api/v1/spotify/playlists", new { emotion = "happy", strategy = "match", trackIds = new[] { trackId } }, ct);
        var saveText = await save.Content.ReadAsStringAsync(ct);
        var resolveText = await resolve.Content.ReadAsStringAsync(ct);

        Assert.Contains("\"connected\":true", statusText, StringComparison.Ordinal);
        Assert.Contains("Alice S", statusText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        Assert.Contains("\"spotifyId\":\"sp1\"", resolveText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        Assert.Contains("\"created\":true", saveText, StringComparison.Ordinal);
        Assert.Single(_spotify.LogEntries, e => e.RequestMessage!.Method == "POST" && e.RequestMessage.Path == "/v1/playlists/pl1/items");
        foreach (var text in new[] { statusText, saveText, resolveText })
        {
            Assert.DoesNotContain(AccessToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(RefreshToken, text, StringComparison.Ordinal);
        }

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/v1/spotify/disconnect");
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var refused = await client.SendAsync(crossSite, ct);
        using var disconnect = await client.PostAsync("/api/v1/spotify/disconnect", null, ct);
        var after = await client.GetFromJsonAsync<JsonElement>("/api/v1/spotify/status", ct);
        using var saveAfter = await client.PostAsJsonAsync("/api/v1/spotify/playlists", new { emotion = "happy", trackIds = new[] { trackId } }, ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, disconnect.StatusCode);
        Assert.False(after.GetProperty("connected").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, saveAfter.StatusCode);
        Assert.DoesNotContain(_spotify.LogEntries, e => e.RequestMessage!.Path.Contains("recommendations", StringComparison.Ordinal) || e.RequestMessage.Path.Contains("audio-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignInMode_SpotifyBelongsToTheSignedInAccount_AndDeletingMyDataRemovesItsTokens()
    {
        using var folder = TempFolder.Create();
        await using var app = Configured().WithWebHostBuilder(b =>
        {
            b.UseSetting("Web:RequireSignIn", "true");
            b.UseSetting("Web:RequestsPer10Seconds", "100000");
            b.UseSetting("Music:DatabasePath", folder.Combine("emotune.db"));
        });
        var ct = TestContext.Current.CancellationToken;
        Stub("POST", "/api/token", 200, $$"""{"access_token":"{{AccessToken}}","token_type":"Bearer","scope":"user-top-read","expires_in":3600,"refresh_token":"{{RefreshToken}}"}""");
        Stub("GET", "/v1/me", 200, """{"id":"alice.s","display_name":"Alice S"}""");
        using var anonymous = CreateClient(app);
        using var alice = await RegisterAsync(app, "alice", ct);
        using var bob = await RegisterAsync(app, "bob", ct);

        using var refused = await anonymous.GetAsync("/api/v1/spotify/status", ct);
        using var refusedLogin = await anonymous.GetAsync("/api/v1/spotify/login", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedLogin.StatusCode);

        using var login = await alice.GetAsync("/api/v1/spotify/login", ct);
        var state = HttpUtility.ParseQueryString(login.Headers.Location!.Query)["state"]!;
        using var callback = await alice.GetAsync($"/api/v1/spotify/callback?code=c&state={Uri.EscapeDataString(state)}", ct);
        Assert.Equal("/?spotify=connected", callback.Headers.Location!.OriginalString);

        Assert.True((await alice.GetFromJsonAsync<JsonElement>("/api/v1/spotify/status", ct)).GetProperty("connected").GetBoolean());
        Assert.False((await bob.GetFromJsonAsync<JsonElement>("/api/v1/spotify/status", ct)).GetProperty("connected").GetBoolean());
        var aliceExport = await alice.GetStringAsync("/api/v1/me/data", ct);
        Assert.Contains("Alice S", aliceExport, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, aliceExport, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice S", await bob.GetStringAsync("/api/v1/me/data", ct), StringComparison.Ordinal);

        using var bobDeletes = await bob.DeleteAsync("/api/v1/me/data", ct);
        Assert.Equal(HttpStatusCode.OK, bobDeletes.StatusCode);
        Assert.True((await alice.GetFromJsonAsync<JsonElement>("/api/v1/spotify/status", ct)).GetProperty("connected").GetBoolean());

        using var aliceDeletes = await alice.DeleteAsync("/api/v1/me/data", ct);
        Assert.Equal(HttpStatusCode.OK, aliceDeletes.StatusCode);
        using var aliceAgain = await RegisterAsync(app, "alice", ct);
        Assert.False((await aliceAgain.GetFromJsonAsync<JsonElement>("/api/v1/spotify/status", ct)).GetProperty("connected").GetBoolean());
    }

    private static async Task<HttpClient> RegisterAsync(WebApplicationFactory<Program> app, string userName, CancellationToken ct)
    {
        var client = CreateClient(app);
        client.DefaultRequestHeaders.Add("X-EmoTune", "1");
        using var response = await client.PostAsJsonAsync("/api/v1/account/register", new { userName, password = "correct horse battery" }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return client;
    }

    [Theory]
    [InlineData("{\"emotion\":\"bored\"}")]
    [InlineData("{\"emotion\":\"happy\",\"strategy\":\"party\"}")]
    [InlineData("{\"emotion\":\"happy\",\"trackIds\":[\"catalog:nobody/nothing\"]}")]
    public async Task Playlist_BadRequest_Is400(string json)
    {
        await using var app = Configured();
        using var client = CreateClient(app);

        using var response = await client.PostAsync("/api/v1/spotify/playlists", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Callback_AccountSpotifyRefuses_ReturnsToThePageSayingSo_AndKeepsNoTokens()
    {
        await using var app = Configured();
        using var client = CreateClient(app);
        var ct = TestContext.Current.CancellationToken;
        Stub("POST", "/api/token", 200, """{"access_token":"AT-refused-1","token_type":"Bearer","expires_in":3600,"refresh_token":"RT-refused-1"}""");
        Stub("GET", "/v1/me", 403, """{"error":{"status":403,"message":"User not registered in the Developer Dashboard"}}""");

        using var login = await client.GetAsync("/api/v1/spotify/login", ct);
        var state = HttpUtility.ParseQueryString(login.Headers.Location!.Query)["state"]!;
        using var callback = await client.GetAsync($"/api/v1/spotify/callback?code=c&state={Uri.EscapeDataString(state)}", ct);
        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/spotify/status", ct);

        Assert.Equal("/?spotify=failed", callback.Headers.Location!.OriginalString);
        Assert.False(status.GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task Callback_WithoutASignInStartedInThisBrowser_Is400()
    {
        await using var app = Configured();
        using var client = CreateClient(app);

        using var response = await client.GetAsync("/api/v1/spotify/callback?code=abc&state=xyz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
