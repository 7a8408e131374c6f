using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoTune.Web.Hosting;
using EmoTune.Web.Tests.Profiles;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EmoTune.Web.Tests.Hosting;

/// <summary>
/// DNS rebinding: a page of another site whose name was re-pointed at this machine reaches EmoTune with its own name in
/// <c>Host</c> (and <c>Origin</c>). Only EmoTune's own names are answered.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AllowedHostsTests(EmoTuneFactory factory)
{
    private const string Evil = "evil.example:5000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/api/v1/me/data")]
    [InlineData("GET", "/api/v1/me/history")]
    [InlineData("DELETE", "/api/v1/me/data")]
    [InlineData("POST", "/api/v1/feedback")]
    [InlineData("GET", "/")]
    [InlineData("GET", "/health")]
    public async Task ForeignHost_OnLoopback_Is400ProblemDetailsWithSecurityHeaders(string method, string url)
    {
        using var host = ProfileHost.Create(factory, requireSignIn: null);
        using var client = host.CreateClient(pageHeader: false);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Host = Evil;

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("evil.example", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Web:AllowedHosts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task RebindingDelete_WithForeignHostAndOrigin_DeletesNothing()
    {
        using var host = ProfileHost.Create(factory, requireSignIn: null);
        using var client = host.CreateClient(pageHeader: false);
        Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(client, 0)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me/data");
        request.Headers.Host = Evil;
        request.Headers.Add("Origin", "http://" + Evil);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, (await ProfileHost.HistoryAsync(client)).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LocalHost:5000")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]:5000")]
    public async Task LoopbackNames_OnLoopback_AreAnswered(string name)
    {
        using var host = ProfileHost.Create(factory, requireSignIn: null);
        using var client = host.CreateClient(pageHeader: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me/history");
        request.Headers.Host = name;

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task FrameStream_ForeignHostAndOrigin_IsRefusedBeforeTheUpgrade()
    {
        using var host = ProfileHost.Create(factory, requireSignIn: null);
        var client = host.App.Server.CreateWebSocketClient();
        client.ConfigureRequest = r =>
        {
            r.Host = new HostString(Evil);
            r.Headers.Origin = "http://" + Evil;
        };

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(new Uri(host.App.Server.BaseAddress, "/ws/frames"), Ct));

        Assert.Contains("400", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://evil.example:5000")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("null")]
    public async Task FrameStream_ForeignOrigin_Is403(string origin)
    {
        using var host = ProfileHost.Create(factory, requireSignIn: null);
        var client = host.App.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers.Origin = origin;

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(new Uri(host.App.Server.BaseAddress, "/ws/frames"), Ct));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FrameStream_OwnOrigin_IsAccepted()
    {
        using var host = ProfileHost.Create(factory, requireSignIn: null);
        var client = host.App.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers.Origin = "http://localhost";

        using var socket = await client.ConnectAsync(new Uri(host.App.Server.BaseAddress, "/ws/frames"), Ct);

        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);
    }

    [Theory]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("emotune.lan:5000", HttpStatusCode.OK)]
    [InlineData("music.home.example", HttpStatusCode.OK)]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("home.example.evil.example", HttpStatusCode.BadRequest)]
    public async Task BeyondLoopback_AnswersLoopbackAndConfiguredNamesOnly(string name, HttpStatusCode expected)
    {
        using var app = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("urls", "http://0.0.0.0:5000");
            b.UseSetting("Web:AllowedHosts", "emotune.lan; *.home.example");
        });

        Assert.Equal(expected, await GetStatusAsync(app, name));
    }

    [Theory]
    [InlineData("192.168.1.20:5000", HttpStatusCode.OK)]
    [InlineData("127.0.0.1:5000", HttpStatusCode.OK)]
    [InlineData("evil.example:5000", HttpStatusCode.BadRequest)]
    public async Task BeyondLoopback_OnAnAddress_AnswersThatAddress(string name, HttpStatusCode expected)
    {
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("urls", "http://192.168.1.20:5000;http://127.0.0.1:5000"));

        Assert.Equal(expected, await GetStatusAsync(app, name));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "", "localhost 127.0.0.1 [::1]")]
    [InlineData("http://localhost:5000;http://[::1]:5000", "", "localhost 127.0.0.1 [::1]")]
    [InlineData("http://127.0.0.1:5000", "emotune.lan", "localhost 127.0.0.1 [::1] emotune.lan")]
    [InlineData("http://0.0.0.0:5000", "", "localhost 127.0.0.1 [::1] box 192.168.1.20 [fe80::1]")]
    [InlineData("http://*:5000", "", "localhost 127.0.0.1 [::1] box 192.168.1.20 [fe80::1]")]
    [InlineData("http://+:5000", "", "localhost 127.0.0.1 [::1] box 192.168.1.20 [fe80::1]")]
    [InlineData("http://[::]:5000", "", "localhost 127.0.0.1 [::1] box 192.168.1.20 [fe80::1]")]
    [InlineData("http://192.168.1.20:5000;http://[fe80::2]:5000", "", "localhost 127.0.0.1 [::1] 192.168.1.20 [fe80::2]")]
    [InlineData("http://0.0.0.0:5000", "emotune.lan; *.home.example ;", "localhost 127.0.0.1 [::1] emotune.lan *.home.example")]
    [InlineData("http://0.0.0.0:5000", "*", "localhost 127.0.0.1 [::1] *")]
    public void Resolve_UrlsAndSetting_GiveTheAllowedNames(string urls, string configured, string expected)
    {
        var hosts = AllowedHostNames.Resolve(configured, urls.Split(';'), () => ["box", "192.168.1.20", "[fe80::1]", "127.0.0.1"]);

        Assert.Equal(expected.Split(' '), hosts);
    }

    private static async Task<HttpStatusCode> GetStatusAsync(WebApplicationFactory<Program> app, string name)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/account");
        request.Headers.Host = name;
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
