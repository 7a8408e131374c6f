using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EmoTune.Web.Tests;

/// <summary>
/// Per-client limits of <c>/ws/frames</c>, each test on its own app (so connections of other tests don't count) with
/// a clock that stands still unless the test moves it.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class FrameStreamLimitsTests(EmoTuneFactory factory)
{
    [Fact]
    public async Task Stream_FifthSocketFromOneClient_IsRefusedWith429WhileTheFourKeepWorking()
    {
        using var app = CreateApp(new ManualClock());
        var sockets = await OpenAsync(app, 4);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => FrameSockets.ConnectAsync(app));
        var problem = await UpgradeAsync(app);
        var replies = new List<JsonElement>();
        foreach (var socket in sockets)
        {
            replies.Add(await FrameSockets.ExchangeAsync(socket, TestImages.Scene(1)));
        }

        var metrics = await ScrapeAsync(app);

        Assert.Contains("429", refused.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status429TooManyRequests, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.ContentType);
        Assert.Contains("4 frame streams open", problem.Body, StringComparison.Ordinal);
        Assert.All(replies, r => Assert.Equal(1, r.GetProperty("faces").GetArrayLength()));
        Assert.Equal(4, metrics.Value("emotune_websocket_connections"));
        Assert.Equal(2, metrics.Value("emotune_frame_errors_total", ("source", "websocket"), ("reason", "too_many_connections")));
        Assert.Equal(4, metrics.Value("emotune_frames_processed_total", ("source", "websocket")));
        sockets.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Stream_AfterClosingOneOfFour_ANewSocketIsAccepted()
    {
        using var app = CreateApp(new ManualClock());
        var sockets = await OpenAsync(app, 4);

        await sockets[0].CloseAsync(WebSocketCloseStatus.NormalClosure, "done", TestContext.Current.CancellationToken);
        sockets[0].Dispose();
        sockets[0] = await FrameSockets.ConnectAsync(app);
        var reply = await FrameSockets.ExchangeAsync(sockets[0], TestImages.Scene(1));

        Assert.Equal(1, reply.GetProperty("faces").GetArrayLength());
        Assert.Equal(4, (await ScrapeAsync(app)).Value("emotune_websocket_connections"));
        await Assert.ThrowsAnyAsync<Exception>(() => FrameSockets.ConnectAsync(app));
        sockets.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Stream_FramesOverTheRate_AreAnsweredWithAnErrorAndNotProcessed_UntilTheSecondHasPassed()
    {
        var clock = new ManualClock();
        using var app = CreateApp(clock, framesPerSecond: 3);
        using var socket = await FrameSockets.ConnectAsync(app);
        var frame = TestImages.Scene(1);

        var replies = new List<JsonElement>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add(await FrameSockets.ExchangeAsync(socket, frame));
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        var later = await FrameSockets.ExchangeAsync(socket, frame);
        var metrics = await ScrapeAsync(app);

        Assert.All(replies.Take(3), r => Assert.Equal(1, r.GetProperty("faces").GetArrayLength()));
        Assert.All(replies.Skip(3), r =>
        {
            Assert.Equal("rate_limited", r.GetProperty("reason").GetString());
            Assert.Contains("too many frames", r.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.False(r.TryGetProperty("faces", out _));
        });
        Assert.Equal(1, later.GetProperty("faces").GetArrayLength());
        Assert.Equal(4, metrics.Value("emotune_frames_processed_total", ("source", "websocket")));
        Assert.Equal(2, metrics.Value("emotune_frame_errors_total", ("source", "websocket"), ("reason", "rate_limited")));
    }

    [Fact]
    public async Task Stream_MalformedThenOversizedMessages_GetAnErrorThenACleanClose_WhileAnotherClientIsServed()
    {
        using var app = CreateApp(new ManualClock());
        using var rude = await FrameSockets.ConnectAsync(app);
        using var polite = await FrameSockets.ConnectAsync(app);

        var text = await FrameSockets.ExchangeAsync(rude, "{\"frame\":1}"u8.ToArray(), WebSocketMessageType.Text);
        var garbage = await FrameSockets.ExchangeAsync(rude, new byte[100]);
        await rude.SendAsync(new byte[EmoTuneFactory.MaxFrameBytes + 1], WebSocketMessageType.Binary, endOfMessage: true, TestContext.Current.CancellationToken);
        var closing = await rude.ReceiveAsync(new byte[1024], TestContext.Current.CancellationToken);
        var served = await FrameSockets.ExchangeAsync(polite, TestImages.Scene(1));
        var metrics = await ScrapeAsync(app);

        Assert.Equal("malformed_message", text.GetProperty("reason").GetString());
        Assert.Equal("bad_image", garbage.GetProperty("reason").GetString());
        Assert.Equal(WebSocketMessageType.Close, closing.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, rude.CloseStatus);
        Assert.Contains(EmoTuneFactory.MaxFrameBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), rude.CloseStatusDescription, StringComparison.Ordinal);
        Assert.Equal(1, served.GetProperty("faces").GetArrayLength());
        Assert.Equal(1, metrics.Value("emotune_websocket_connections"));
        var ws = ("source", "websocket");
        Assert.Equal(1, metrics.Value("emotune_frame_errors_total", ws, ("reason", "malformed_message")));
        Assert.Equal(1, metrics.Value("emotune_frame_errors_total", ws, ("reason", "bad_image")));
        Assert.Equal(1, metrics.Value("emotune_frame_errors_total", ws, ("reason", "too_large")));
    }

    [Fact]
    public async Task Stream_PlainHttpRequest_Is400ProblemDetails()
    {
        using var app = CreateApp(new ManualClock());
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/ws/frames", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Streams_ClientAtItsLimit_SaysHowManyItHoldsAndMayHold()
    {
        using var app = CreateApp(new ManualClock());
        using var client = app.CreateClient();
        var before = await client.GetFromJsonAsync<JsonElement>("/api/v1/streams", TestContext.Current.CancellationToken);
        var sockets = await OpenAsync(app, 4);

        var atLimit = await client.GetFromJsonAsync<JsonElement>("/api/v1/streams", TestContext.Current.CancellationToken);

        Assert.Equal(0, before.GetProperty("open").GetInt32());
        Assert.Equal(4, atLimit.GetProperty("open").GetInt32());
        Assert.Equal(4, atLimit.GetProperty("limit").GetInt32());
        sockets.ForEach(s => s.Dispose());
    }

    private WebApplicationFactory<Program> CreateApp(ManualClock clock, int framesPerSecond = 30) => factory.WithWebHostBuilder(b =>
    {
        b.UseSetting("Web:MaxWebSocketsPerClient", "4");
        b.UseSetting("Web:MaxFramesPerSecond", framesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
    });

    private static async Task<List<WebSocket>> OpenAsync(WebApplicationFactory<Program> app, int count)
    {
        var sockets = new List<WebSocket>();
        for (var i = 0; i < count; i++)
        {
            sockets.Add(await FrameSockets.ConnectAsync(app));
        }

        return sockets;
    }

    private static async Task<PrometheusText.Scrape> ScrapeAsync(WebApplicationFactory<Program> app)
    {
        using var client = app.CreateClient();
        return PrometheusText.Parse(await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken));
    }

    /// <summary>A WebSocket upgrade request through the whole pipeline, to read the answer's body when it is refused.</summary>
    private static async Task<(int StatusCode, string? ContentType, string Body)> UpgradeAsync(WebApplicationFactory<Program> app)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/ws/frames";
            c.Features.Set<IHttpWebSocketFeature>(new UpgradeRequest());
        }, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, context.Response.ContentType?.Split(';')[0], await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    private sealed class UpgradeRequest : IHttpWebSocketFeature
    {
        public bool IsWebSocketRequest => true;

        public Task<WebSocket> AcceptAsync(WebSocketAcceptContext context) => throw new InvalidOperationException("A refused request must not be upgraded.");
    }
}
