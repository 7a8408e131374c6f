using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;
using EmoTune.Music.Spotify;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace EmoTune.Music.Tests.Spotify;

public sealed class SpotifyClientTests
{
    private const string Me = """{"id":"alice.s","display_name":"Alice S"}""";

    [Fact]
    public async Task AccessTokenAboutToExpire_IsRefreshedBeforeTheCall()
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-expiring", "RT-1", TimeSpan.FromSeconds(20));
        harness.StubToken("AT-fresh", "RT-2");
        harness.StubJson("GET", "/v1/me", 200, Me, bearer: "AT-fresh");

        var user = await harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile);

        Assert.Equal("alice.s", user.Id);
        Assert.Single(harness.Requests("POST", "/api/token"));
        Assert.Equal("Bearer AT-fresh", Assert.Single(harness.Requests("GET", "/v1/me")).Headers!["Authorization"].Single());
        var stored = await harness.Store.GetTokensAsync(SpotifyHarness.Profile);
        Assert.Equal(("AT-fresh", "RT-2"), (stored!.AccessToken, stored.RefreshToken));
        harness.AssertClean("AT-expiring", "AT-fresh", "RT-1", "RT-2");
    }

    [Fact]
    public async Task Unauthorized_RefreshesOnce_StoresTheRotatedRefreshToken_AndRetries()
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-old", "RT-old", TimeSpan.FromHours(1));
        harness.StubJson("GET", "/v1/me", 401, """{"error":{"status":401,"message":"The access token expired"}}""", bearer: "AT-old");
        harness.StubJson("GET", "/v1/me", 200, Me, bearer: "AT-new");
        harness.StubToken("AT-new", "RT-rotated");

        var user = await harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile);

        Assert.Equal("Alice S", user.DisplayName);
        Assert.Equal(2, harness.Requests("GET", "/v1/me").Count);
        var form = HttpUtility.ParseQueryString(Assert.Single(harness.Requests("POST", "/api/token")).Body!);
        Assert.Equal("RT-old", form["refresh_token"]);
        Assert.Equal("RT-rotated", (await harness.Store.GetTokensAsync(SpotifyHarness.Profile))!.RefreshToken);
        harness.AssertClean("AT-old", "AT-new", "RT-old", "RT-rotated");
    }

    [Fact]
    public async Task Unauthorized_EvenAfterRefresh_FailsWithoutLooping()
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-old", "RT-old", TimeSpan.FromHours(1));
        harness.StubJson("GET", "/v1/me", 401, """{"error":{"status":401,"message":"Invalid access token"}}""");
        harness.StubToken("AT-new", null);

        var e = await Assert.ThrowsAsync<SpotifyException>(() => harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile));

        Assert.Equal(401, e.StatusCode);
        Assert.Contains("connect Spotify again", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Requests("GET", "/v1/me").Count);
        Assert.Single(harness.Requests("POST", "/api/token"));
    }

    [Fact]
    public async Task RefreshRefused_RemovesTheTokens_AndReportsNotConnected()
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-old", "RT-revoked", TimeSpan.FromSeconds(-5));
        harness.StubJson("POST", "/api/token", 400, """{"error":"invalid_grant","error_description":"Refresh token revoked"}""");

        await Assert.ThrowsAsync<SpotifyNotConnectedException>(() => harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile));

        Assert.Null(await harness.Store.GetTokensAsync(SpotifyHarness.Profile));
        Assert.Empty(harness.Requests("GET", "/v1/me"));
        harness.AssertClean("AT-old", "RT-revoked");
    }

    [Fact]
    public async Task NoTokens_IsNotConnected_WithoutCallingSpotify()
    {
        using var harness = new SpotifyHarness();

        await Assert.ThrowsAsync<SpotifyNotConnectedException>(() => harness.Client.SearchTracksAsync(SpotifyHarness.Profile, "queen"));

        Assert.Empty(harness.Server.LogEntries);
    }

    [Fact]
    public async Task TooManyRequests_WaitsTheRetryAfterSeconds_ThenSucceeds()
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));
        harness.Server.Given(Request.Create().WithPath("/v1/me").UsingGet()).InScenario("rate").WillSetStateTo("waited")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        harness.Server.Given(Request.Create().WithPath("/v1/me").UsingGet()).InScenario("rate").WhenStateIs("waited")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Me));
        var clock = Stopwatch.StartNew();

        var user = await harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile);

        Assert.Equal("alice.s", user.Id);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {clock.Elapsed.TotalSeconds:0.00} s, before the 1 s Spotify asked for");
        Assert.Equal(2, harness.Requests("GET", "/v1/me").Count);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("rate-limited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerError_ReadIsRetriedWithBackoff_ThenSucceeds()
    {
        using var harness = new SpotifyHarness(new() { ["Spotify:ServerErrorBackoff"] = "00:00:00.2" });
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));
        harness.Server.Given(Request.Create().WithPath("/v1/me").UsingGet()).InScenario("5xx").WillSetStateTo("once")
            .RespondWith(Response.Create().WithStatusCode(503));
        harness.Server.Given(Request.Create().WithPath("/v1/me").UsingGet()).InScenario("5xx").WhenStateIs("once").WillSetStateTo("twice")
            .RespondWith(Response.Create().WithStatusCode(500));
        harness.Server.Given(Request.Create().WithPath("/v1/me").UsingGet()).InScenario("5xx").WhenStateIs("twice")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Me));
        var clock = Stopwatch.StartNew();

        var user = await harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile);

        Assert.Equal("alice.s", user.Id);
        Assert.Equal(3, harness.Requests("GET", "/v1/me").Count);
        // Back-off 0.2 s, then 0.4 s.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.55), $"two retries after {clock.Elapsed.TotalSeconds:0.00} s, less than the 0.6 s of back-off");
    }

    [Fact]
    public async Task ServerError_Persisting_FailsAsSpotifyErrorAfterTheRetries()
    {
        using var harness = new SpotifyHarness(new() { ["Spotify:ServerErrorBackoff"] = "00:00:00.05" });
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));
        harness.Server.Given(Request.Create().WithPath("/v1/me").UsingGet()).RespondWith(Response.Create().WithStatusCode(502));

        await Assert.ThrowsAsync<SpotifyException>(() => harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile));

        Assert.Equal(3, harness.Requests("GET", "/v1/me").Count);
    }

    [Fact]
    public async Task TooManyRequests_LongerThanAllowed_FailsAtOnceWithTheWait()
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));
        harness.Server.Given(Request.Create().WithPath("/v1/me").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "120"));

        var e = await Assert.ThrowsAsync<SpotifyRateLimitedException>(() => harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile));

        Assert.Equal(TimeSpan.FromSeconds(120), e.RetryAfter);
        Assert.Single(harness.Requests("GET", "/v1/me"));
    }

    [Fact]
    public async Task TooManyRequests_EveryTime_GivesUpAfterTheAllowedWaits()
    {
        using var harness = new SpotifyHarness(new() { ["Spotify:MaxRateLimitRetries"] = "2" });
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));
        harness.Server.Given(Request.Create().WithPath("/v1/me").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0"));

        var e = await Assert.ThrowsAsync<SpotifyRateLimitedException>(() => harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile));

        Assert.Equal(TimeSpan.Zero, e.RetryAfter);
        Assert.Equal(3, harness.Requests("GET", "/v1/me").Count);
    }

    [Fact]
    public async Task TooManyRequests_OnCreate_IsWaitedOut_ButServerErrorIsNot()
    {
        using var harness = new SpotifyHarness(new() { ["Spotify:ServerErrorBackoff"] = "00:00:00.05" });
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));
        harness.Server.Given(Request.Create().WithPath("/v1/me/playlists").UsingPost()).InScenario("post").WillSetStateTo("limited")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0"));
        harness.Server.Given(Request.Create().WithPath("/v1/me/playlists").UsingPost()).InScenario("post").WhenStateIs("limited")
            .RespondWith(Response.Create().WithStatusCode(500));

        var e = await Assert.ThrowsAsync<SpotifyException>(() => harness.Client.CreatePlaylistAsync(SpotifyHarness.Profile, "Calm", "EmoTune"));

        Assert.Equal(500, e.StatusCode);
        Assert.Equal(2, harness.Requests("POST", "/v1/me/playlists").Count);
    }

    [Fact]
    public async Task ConnectionBroken_ReadIsRetried_ThenSucceeds()
    {
        // WireMock always answers properly; a bare listener can break the first connection as a failing network does.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var served = Task.Run(async () =>
        {
            // A garbled answer, then a hang-up: HttpClient gives up on this connection (a bare hang-up it would quietly retry itself).
            using (var broken = await listener.AcceptTcpClientAsync())
            {
                await ReadRequestHeadAsync(broken.GetStream());
                await broken.GetStream().WriteAsync("HTTP/1.1 2\r\n\r\n"u8.ToArray());
            }

            using var answered = await listener.AcceptTcpClientAsync();
            var stream = answered.GetStream();
            await ReadRequestHeadAsync(stream);
            var body = Encoding.UTF8.GetBytes(Me);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n")));
            await stream.WriteAsync(body);
        });
        using var harness = new SpotifyHarness(new()
        {
            ["Spotify:ServerErrorBackoff"] = "00:00:00.05",
            ["Spotify:ApiBaseUrl"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/v1/"),
        });
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));

        var user = await harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile);

        Assert.Equal("alice.s", user.Id);
        await served.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("(connection lost); retrying", StringComparison.Ordinal));
    }

    private static async Task ReadRequestHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var read = 0;
        while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            read += await stream.ReadAsync(buffer.AsMemory(read));
        }
    }

    [Fact]
    public async Task SlowAnswer_TimesOutOnce_SayingHowLongItWaited()
    {
        using var harness = new SpotifyHarness(new() { ["Spotify:RequestTimeout"] = "00:00:01" });
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));
        harness.Server.Given(Request.Create().WithPath("/v1/me").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Me).WithDelay(TimeSpan.FromSeconds(3)));

        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<SpotifyException>(() => harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile));

        Assert.Contains("within 1 s", e.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.9), $"gave up after {clock.Elapsed.TotalSeconds:0.00} s: a timed-out attempt was retried");
    }

    [Theory]
    [InlineData(50, "10")]
    [InlineData(11, "10")]
    [InlineData(7, "7")]
    [InlineData(0, "1")]
    public async Task Search_Limit_IsClampedToSpotifysCapOf10(int asked, string sent)
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));
        harness.StubJson("GET", "/v1/search", 200, """
            {"tracks":{"items":[{"id":"4u7EnebtmKWzUH433cf5Qv","name":"Bohemian Rhapsody - Remastered 2011","uri":"spotify:track:4u7EnebtmKWzUH433cf5Qv",
              "artists":[{"name":"Queen"}],"album":{"name":"A Night at the Opera"}}, null],"next":null,"total":1}}
            """);

        var tracks = await harness.Client.SearchTracksAsync(SpotifyHarness.Profile, "track:Bohemian Rhapsody artist:Queen", asked);

        var query = Assert.Single(harness.Requests("GET", "/v1/search")).Query!;
        Assert.Equal(sent, query["limit"].Single());
        Assert.Equal("track", query["type"].Single());
        Assert.Equal("track:Bohemian Rhapsody artist:Queen", query["q"].Single());
        var track = Assert.Single(tracks);
        Assert.Equal(("4u7EnebtmKWzUH433cf5Qv", "Queen", "A Night at the Opera"), (track.Id, track.Artists.Single(), track.Album));
    }

    [Fact]
    public async Task TopAndSavedTracks_AreReadFromTheirEndpoints()
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));
        harness.StubJson("GET", "/v1/me/top/tracks", 200, """{"items":[{"id":"t1","name":"Top One","uri":"spotify:track:t1","artists":[{"name":"A"}]}],"next":null,"total":1}""");
        harness.StubJson("GET", "/v1/me/tracks", 200, """{"items":[{"added_at":"2026-01-01T00:00:00Z","track":{"id":"s1","name":"Saved One","uri":"spotify:track:s1","artists":[{"name":"B"}]}},{"track":null}],"next":null,"total":2}""");

        var top = await harness.Client.GetTopTracksAsync(SpotifyHarness.Profile, limit: 5, timeRange: "short_term");
        var saved = await harness.Client.GetSavedTracksAsync(SpotifyHarness.Profile, limit: 80);

        Assert.Equal("Top One", Assert.Single(top).Name);
        Assert.Equal("Saved One", Assert.Single(saved).Name);
        var topQuery = Assert.Single(harness.Requests("GET", "/v1/me/top/tracks")).Query!;
        Assert.Equal(("5", "short_term"), (topQuery["limit"].Single(), topQuery["time_range"].Single()));
        Assert.Equal("50", Assert.Single(harness.Requests("GET", "/v1/me/tracks")).Query!["limit"].Single());
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.GetTopTracksAsync(SpotifyHarness.Profile, timeRange: "forever"));
    }

    [Fact]
    public async Task Forbidden_ExplainsDevelopmentModeLimits()
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));
        harness.StubJson("GET", "/v1/me", 403, """{"error":{"status":403,"message":"Forbidden"}}""");

        var e = await Assert.ThrowsAsync<SpotifyException>(() => harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile));

        Assert.Equal(403, e.StatusCode);
        Assert.Contains("development mode", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AT-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableAnswer_OrUnreachableSpotify_FailsAsSpotifyErrorsSayingWhich()
    {
        using var harness = new SpotifyHarness();
        await harness.StoreTokensAsync("AT-1", "RT-1", TimeSpan.FromHours(1));
        harness.StubJson("GET", "/v1/me", 200, "<html>maintenance</html>");

        var garbled = await Assert.ThrowsAsync<SpotifyException>(() => harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile));
        harness.Server.Stop();
        var unreachable = await Assert.ThrowsAsync<SpotifyException>(() => harness.Client.GetCurrentUserAsync(SpotifyHarness.Profile));

        Assert.Contains("not the JSON expected", garbled.Message, StringComparison.Ordinal);
        Assert.Contains("could not be reached", unreachable.Message, StringComparison.Ordinal);
    }
}
