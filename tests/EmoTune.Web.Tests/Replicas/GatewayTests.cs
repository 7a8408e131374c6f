using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using EmoTune.Testing;
using EmoTune.Web.Tests.Profiles;

namespace EmoTune.Web.Tests.Replicas;

/// <summary>
/// Three real replicas on one PostgreSQL and one Redis, behind the YARP gateway, driven over HTTP and WebSockets as the
/// page drives them (issue 25's tests through the gateway).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class GatewayTests(EmoTuneFactory factory, SharedServers servers)
{
    private const string NoFaces = """{"type":"faces","width":640,"height":480,"faces":[]}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignInThroughTheGateway_CookieWorksOnEachReplica()
    {
        await using var cluster = await StartAsync();
        var cookies = new CookieContainer();
        using var page = cluster.CreateClient(cookies: cookies);
        await RegisterAsync(page, "alice");
        Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(page, 0)).StatusCode);

        foreach (var replica in cluster.ReplicaAddresses)
        {
            using var direct = cluster.CreateClient(replica);
            direct.DefaultRequestHeaders.Add("Cookie", cookies.GetCookieHeader(cluster.Gateway));
            var history = await ProfileHost.HistoryAsync(direct);
            Assert.Equal(1, history.GetProperty("items").GetArrayLength());
        }
    }

    [Fact]
    public async Task ThreeClients_100FeedbackEach_SpreadOverReplicas_LoseNone()
    {
        await using var cluster = await StartAsync();
        var clients = new List<HttpClient>();
        foreach (var name in new[] { "alice", "bob", "carol" })
        {
            var client = cluster.CreateClient();
            await RegisterAsync(client, name);
            clients.Add(client);
        }

        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                using var response = await ProfileHost.PostFeedbackAsync(client, i % 50, kind: i % 2 == 0 ? "like" : "skip");
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            }
        })));

        foreach (var client in clients)
        {
            Assert.Equal(100, (await ProfileHost.HistoryAsync(client)).GetProperty("items").GetArrayLength());
            client.Dispose();
        }
    }

    [Fact]
    public async Task ReplicaKilledMidStream_ClientReconnectsThroughTheGateway_AndNothingAcknowledgedIsLost()
    {
        await using var cluster = await StartAsync();
        var cookies = new CookieContainer();
        using var page = cluster.CreateClient(cookies: cookies);
        await RegisterAsync(page, "alice");
        var socket = await ConnectAsync(cluster, cookies);
        for (var i = 0; i < 5; i++)
        {
            await ExchangeAsync(socket);
        }

        var acknowledged = 0;
        for (; acknowledged < 10; acknowledged++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await ProfileHost.PostFeedbackAsync(page, acknowledged)).StatusCode);
        }

        var holder = cluster.Running.Single(i => cluster.OpenWebSockets(i) == 1);
        await cluster.KillAsync(holder);

        // As the page does: the socket drops, it opens a new one through the gateway (retrying while the gateway still
        // tries the dead replica), and goes on; feedback goes on too.
        var dropped = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await ExchangeAsync(socket);
            }
        });
        socket.Dispose();
        socket = await ReconnectAsync(cluster, cookies);
        for (var i = 0; i < 5; i++)
        {
            await ExchangeAsync(socket);
        }

        for (var sent = 0; sent < 10; sent++)
        {
            using var response = await ProfileHost.PostFeedbackAsync(page, 20 + sent);
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                acknowledged++;
            }
        }

        Assert.True(dropped is WebSocketException or IOException or OperationCanceledException, dropped.ToString());
        Assert.Equal(1, cluster.Running.Sum(i => cluster.OpenWebSockets(i)));
        Assert.Equal(0, cluster.OpenWebSockets(holder));
        Assert.True(acknowledged >= 15, $"only {acknowledged} of 20 feedback events were acknowledged after the kill");
        Assert.Equal(acknowledged, (await ProfileHost.HistoryAsync(page)).GetProperty("items").GetArrayLength());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);
        socket.Dispose();
    }

    [Fact]
    public async Task NoAccount_ReadsOrDeletesAnothersData_OnAnyReplica()
    {
        await using var cluster = await StartAsync();
        using var alice = cluster.CreateClient();
        await RegisterAsync(alice, "alice");
        await ProfileHost.PostFeedbackAsync(alice, 0);
        var bobCookies = new CookieContainer();
        using (var bob = cluster.CreateClient(cookies: bobCookies))
        {
            await RegisterAsync(bob, "bob");
        }

        foreach (var replica in cluster.ReplicaAddresses)
        {
            using var bobOnReplica = cluster.CreateClient(replica);
            bobOnReplica.DefaultRequestHeaders.Add("Cookie", bobCookies.GetCookieHeader(cluster.Gateway));
            Assert.Equal(0, (await ProfileHost.HistoryAsync(bobOnReplica)).GetProperty("items").GetArrayLength());
            var export = await ProfileHost.ExportAsync(bobOnReplica);
            Assert.Equal(0, export.GetProperty("data").GetProperty("feedback").GetArrayLength());
        }

        using (var bobOnFirst = cluster.CreateClient(cluster.ReplicaAddresses[0]))
        {
            bobOnFirst.DefaultRequestHeaders.Add("Cookie", bobCookies.GetCookieHeader(cluster.Gateway));
            using var deleted = await bobOnFirst.DeleteAsync("/api/v1/me/data", Ct);
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        Assert.Equal(1, (await ProfileHost.HistoryAsync(alice)).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("Gateway:Replicas needs at least one replica address")]
    [InlineData("Gateway:Replicas 'ftp://127.0.0.1:21' is not an http(s) address", "--Gateway:Replicas:0=ftp://127.0.0.1:21")]
    public async Task Gateway_WithoutUsableReplicas_DoesNotStart_AndSaysWhichSetting(string message, params string[] args)
    {
        await using var gateway = EmoTune.Web.Gateway.EmoTuneGateway.Create(["--urls=http://127.0.0.1:0", .. args]);

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => gateway.StartAsync(Ct));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private async Task<LoopbackCluster> StartAsync() => await LoopbackCluster.StartAsync(
        factory.ModelPath, await servers.NewPostgresDatabaseAsync(Ct), (await servers.RedisAsync(Ct)).Configuration);

    private static async Task RegisterAsync(HttpClient client, string userName)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/account/register", new { userName, password = ProfileHost.Password }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<ClientWebSocket> ConnectAsync(LoopbackCluster cluster, CookieContainer cookies)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.SetRequestHeader("Origin", cluster.Gateway.ToString().TrimEnd('/'));
        await socket.ConnectAsync(new Uri("ws://" + cluster.Gateway.Authority + "/ws/frames"), Ct);
        return socket;
    }

    private static async Task<ClientWebSocket> ReconnectAsync(LoopbackCluster cluster, CookieContainer cookies)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ConnectAsync(cluster, cookies);
            }
            catch (WebSocketException) when (attempt < 20)
            {
                await Task.Delay(250, Ct);
            }
        }
    }

    private static async Task ExchangeAsync(WebSocket socket)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(NoFaces), WebSocketMessageType.Text, endOfMessage: true, Ct);
        var buffer = new byte[16 * 1024];
        var result = await socket.ReceiveAsync(buffer, Ct);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            throw new WebSocketException("closed by the server");
        }

        Assert.True(JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count)).RootElement.TryGetProperty("faces", out _));
    }
}
