using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace EmoTune.Web.Tests.Profiles;

/// <summary>Sign-in mode (<c>Web:RequireSignIn=true</c>, as when EmoTune listens beyond loopback).</summary>
[Collection(WebCollection.Name)]
public sealed class SignInTests(EmoTuneFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/api/v1/recommendations?emotion=happy")]
    [InlineData("POST", "/api/v1/feedback")]
    [InlineData("GET", "/api/v1/me/data")]
    [InlineData("DELETE", "/api/v1/me/data")]
    [InlineData("GET", "/api/v1/me/history")]
    [InlineData("POST", "/api/v1/emotions")]
    [InlineData("GET", "/api/v1/spotify/status")]
    [InlineData("GET", "/api/v1/library/tracks")]
    [InlineData("GET", "/api/v1/library/tracks/local:0123456789abcdef/audio")]
    [InlineData("GET", "/api/v1/camera")]
    [InlineData("GET", "/stream.mjpg")]
    public async Task PerUserApis_NotSignedIn_Are401ProblemDetails(string method, string url)
    {
        using var host = ProfileHost.Create(factory);
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { trackId = ProfileHost.Tracks[0].Id, emotion = "happy", kind = "like" });
        }

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task FrameStream_NotSignedIn_IsRefused_SignedIn_Works()
    {
        using var host = ProfileHost.Create(factory);
        using var registered = host.CreateClient();
        using var created = await registered.PostAsJsonAsync("/api/v1/account/register", new { userName = "viewer", password = ProfileHost.Password }, Ct);
        var cookie = Assert.Single(created.Headers.GetValues("Set-Cookie")).Split(';')[0];
        var uri = new Uri(host.App.Server.BaseAddress, "/ws/frames");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => host.App.Server.CreateWebSocketClient().ConnectAsync(uri, Ct));
        var client = host.App.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers.Cookie = cookie;
        using var socket = await client.ConnectAsync(uri, Ct);

        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task SignIn_WrongPasswordOrUnknownUser_Is401_WithTheSameAnswer()
    {
        using var host = ProfileHost.Create(factory);
        (await host.RegisterAsync("alice")).Dispose();
        using var client = host.CreateClient();

        using var wrongPassword = await client.PostAsJsonAsync("/api/v1/account/signin", new { userName = "alice", password = "not the password" }, Ct);
        using var unknownUser = await client.PostAsJsonAsync("/api/v1/account/signin", new { userName = "mallory", password = ProfileHost.Password }, Ct);
        using var right = await client.PostAsJsonAsync("/api/v1/account/signin", new { userName = "ALICE", password = ProfileHost.Password }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        var detail = (await wrongPassword.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();
        Assert.Equal(detail, (await unknownUser.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal("Wrong user name or password.", detail);
        Assert.False(wrongPassword.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task SignInCookie_IsHttpOnlyAndSameSiteStrict()
    {
        using var host = ProfileHost.Create(factory);
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/account/register", new { userName = "cookie", password = ProfileHost.Password }, Ct);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("emotune.auth=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ab", ProfileHost.Password, HttpStatusCode.BadRequest)]
    [InlineData("has space", ProfileHost.Password, HttpStatusCode.BadRequest)]
    [InlineData("shorty", "1234567", HttpStatusCode.BadRequest)]
    [InlineData("Taken", ProfileHost.Password, HttpStatusCode.Conflict)]
    public async Task Register_BadOrTakenName_OrShortPassword_IsRefused(string userName, string password, HttpStatusCode expected)
    {
        using var host = ProfileHost.Create(factory);
        (await host.RegisterAsync("taken")).Dispose();
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/account/register", new { userName, password }, Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SignIn_TooManyAttempts_Are429()
    {
        using var host = ProfileHost.Create(factory, signInAttemptsPerMinute: 3);
        using var client = host.CreateClient();

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/account/signin", new { userName = "alice", password = "guess" + i }, Ct);
            codes.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], codes);
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("X-EmoTune", null)]
    public async Task CrossSitePost_WithTheUsersCookie_IsRefusedAndStoresNothing(string header, string? value)
    {
        using var host = ProfileHost.Create(factory);
        using var alice = await host.RegisterAsync("alice");
        if (value is null)
        {
            alice.DefaultRequestHeaders.Remove(header);
        }
        else
        {
            alice.DefaultRequestHeaders.Add(header, value);
        }

        using var feedback = await ProfileHost.PostFeedbackAsync(alice, 0);
        using var delete = await alice.DeleteAsync("/api/v1/me/data", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, feedback.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(0, (await ProfileHost.HistoryAsync(alice)).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/v1/account", Ct)).StatusCode);
    }

    [Fact]
    public async Task SameOriginPost_FromThePage_IsAccepted()
    {
        using var host = ProfileHost.Create(factory);
        using var alice = await host.RegisterAsync("alice");
        alice.DefaultRequestHeaders.Add("Origin", "http://localhost");
        alice.DefaultRequestHeaders.Add("Sec-Fetch-Site", "same-origin");

        using var feedback = await ProfileHost.PostFeedbackAsync(alice, 0);

        Assert.Equal(HttpStatusCode.NoContent, feedback.StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        using var host = ProfileHost.Create(factory);
        using var alice = await host.RegisterAsync("alice");

        var before = await alice.GetFromJsonAsync<JsonElement>("/api/v1/account", Ct);
        using var signOut = await alice.PostAsync("/api/v1/account/signout", null, Ct);
        var after = await alice.GetFromJsonAsync<JsonElement>("/api/v1/account", Ct);
        using var history = await alice.GetAsync("/api/v1/me/history", Ct);

        Assert.True(before.GetProperty("signedIn").GetBoolean());
        Assert.Equal("alice", before.GetProperty("userName").GetString());
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.False(after.GetProperty("signedIn").GetBoolean());
        Assert.True(after.GetProperty("signInRequired").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, history.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000", true)]
    [InlineData("http://*:5000", true)]
    [InlineData("http://192.168.1.20:5000;http://127.0.0.1:5000", true)]
    [InlineData("http://127.0.0.1:5000", false)]
    [InlineData("http://localhost:5000;http://[::1]:5000", false)]
    public async Task AutoMode_RequiresSignIn_ExactlyWhenListeningBeyondLoopback(string urls, bool required)
    {
        using var host = ProfileHost.Create(factory, requireSignIn: null, urls: urls);
        using var client = host.CreateClient();

        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/account", Ct);

        Assert.Equal(required, status.GetProperty("signInRequired").GetBoolean());
    }

    [Fact]
    public async Task LocalMode_HasTheLocalProfile_AndRefusesRegistration()
    {
        using var host = ProfileHost.Create(factory, requireSignIn: "false");
        using var client = host.CreateClient(pageHeader: false);

        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/account", Ct);
        using var register = await client.PostAsJsonAsync("/api/v1/account/register", new { userName = "alice", password = ProfileHost.Password }, Ct);
        using var feedback = await ProfileHost.PostFeedbackAsync(client, 1);

        Assert.False(status.GetProperty("signInRequired").GetBoolean());
        Assert.Equal("local", status.GetProperty("profileId").GetString());
        Assert.Equal(HttpStatusCode.Conflict, register.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, feedback.StatusCode);
    }
}
