using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EmoTune.Web.Tests.OnDevice;

/// <summary>
/// <c>/ws/frames</c> with on-device results (text messages): tracked and turned into a stable mood as frames are; bad
/// ones answered with a clear error while the stream goes on; the message rate limit shared with frames.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class OnDeviceStreamTests(EmoTuneFactory factory)
{
    [Fact]
    public async Task Results_SameFaceOverTime_KeepsItsTrackIdAndBecomesTheStableMood()
    {
        var clock = new ManualClock();
        using var app = CreateApp(clock);
        using var socket = await FrameSockets.ConnectAsync(app);

        var replies = new List<JsonElement>();
        for (var i = 0; i < 12; i++)
        {
            replies.Add(await ExchangeAsync(socket, Results(Face(100 + i, 80, Happy))));
            clock.Advance(TimeSpan.FromMilliseconds(200));
        }

        Assert.All(replies, r => Assert.Equal(1, r.GetProperty("faces").GetArrayLength()));
        var ids = replies.Select(r => r.GetProperty("faces")[0].GetProperty("trackId").GetInt32()).Distinct();
        Assert.Single(ids);
        Assert.Equal("happy", replies[^1].GetProperty("faces")[0].GetProperty("emotion").GetString());
        Assert.Equal("happy", replies[^1].GetProperty("mood").GetString());
        Assert.Equal(640, replies[0].GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task Results_BadMessages_GetAClearErrorAndTheStreamGoesOn()
    {
        using var app = CreateApp(new ManualClock());
        using var socket = await FrameSockets.ConnectAsync(app);

        var wrongSum = await ExchangeAsync(socket, Results(Face(10, 10, [0.5f, 0.5f, 0.5f, 0, 0, 0, 0])));
        var nan = await ExchangeAsync(socket, Results(Face(10, 10, Happy)).Replace("0.7", "NaN", StringComparison.Ordinal));
        var outside = await ExchangeAsync(socket, Results(Face(600, 10, Happy)));
        var good = await ExchangeAsync(socket, Results(Face(10, 10, Happy), Face(300, 10, Happy)));
        var frame = await FrameSockets.ExchangeAsync(socket, TestImages.Scene(1));
        var metrics = PrometheusText.Parse(await app.CreateClient().GetStringAsync("/metrics", TestContext.Current.CancellationToken));

        Assert.Equal("bad_results", wrongSum.GetProperty("reason").GetString());
        Assert.Contains("they sum to 1.5", wrongSum.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("malformed_message", nan.GetProperty("reason").GetString());
        Assert.Contains("does not lie inside the 640x480 frame", outside.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, good.GetProperty("faces").GetArrayLength());
        Assert.Equal(1, frame.GetProperty("faces").GetArrayLength());
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Equal(2, metrics.Value("emotune_frame_errors_total", ("source", "ondevice"), ("reason", "bad_results")));
        Assert.Equal(1, metrics.Value("emotune_frames_processed_total", ("source", "ondevice")));
    }

    [Fact]
    public async Task Results_OverTheMessageRate_AreRefusedUntilTheSecondHasPassed()
    {
        var clock = new ManualClock();
        using var app = CreateApp(clock, framesPerSecond: 3);
        using var socket = await FrameSockets.ConnectAsync(app);
        var message = Results(Face(10, 10, Happy));

        var replies = new List<JsonElement>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add(await ExchangeAsync(socket, message));
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        var later = await ExchangeAsync(socket, message);

        Assert.All(replies.Take(3), r => Assert.Equal(1, r.GetProperty("faces").GetArrayLength()));
        Assert.All(replies.Skip(3), r => Assert.Equal("rate_limited", r.GetProperty("reason").GetString()));
        Assert.Equal(1, later.GetProperty("faces").GetArrayLength());
    }

    private static readonly float[] Happy = [0.05f, 0.05f, 0.05f, 0.7f, 0.05f, 0.05f, 0.05f];

    private static string Face(int x, int y, float[] probabilities) =>
        JsonSerializer.Serialize(new { box = new { x, y, width = 120, height = 140 }, probabilities });

    private static string Results(params string[] faces) => $$"""{"type":"faces","width":640,"height":480,"faces":[{{string.Join(",", faces)}}]}""";

    private static Task<JsonElement> ExchangeAsync(WebSocket socket, string json) =>
        FrameSockets.ExchangeAsync(socket, Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text);

    private WebApplicationFactory<Program> CreateApp(ManualClock clock, int framesPerSecond = 30) => factory.WithWebHostBuilder(b =>
    {
        b.UseSetting("Web:MaxFramesPerSecond", framesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
    });
}
