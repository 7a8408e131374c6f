using System.Net.WebSockets;
using System.Text.Json;

namespace EmoTune.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class FrameStreamTests(EmoTuneFactory factory)
{
    [Fact]
    public async Task Stream_Frames_ReturnTrackedFacesWithStableIds()
    {
        using var socket = await ConnectAsync();
        var frame = TestImages.Scene(2);

        var first = await ExchangeAsync(socket, frame, WebSocketMessageType.Binary);
        var second = await ExchangeAsync(socket, frame, WebSocketMessageType.Binary);

        Assert.Equal(2, first.GetProperty("faces").GetArrayLength());
        var ids = (JsonElement r) => r.GetProperty("faces").EnumerateArray().Select(f => f.GetProperty("trackId").GetInt32()).Order().ToArray();
        Assert.Equal(ids(first), ids(second));
        Assert.Equal(2, ids(first).Distinct().Count());
    }

    [Fact]
    public async Task Stream_BadMessages_GetErrorsAndTheStreamGoesOn()
    {
        using var socket = await ConnectAsync();

        var text = await ExchangeAsync(socket, "hello"u8.ToArray(), WebSocketMessageType.Text);
        var garbage = await ExchangeAsync(socket, new byte[1000], WebSocketMessageType.Binary);
        var good = await ExchangeAsync(socket, TestImages.Scene(1), WebSocketMessageType.Binary);

        Assert.Contains("binary", text.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("Not a JPEG or PNG", garbage.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, good.GetProperty("faces").GetArrayLength());
    }

    [Fact]
    public async Task Stream_OversizedMessage_ClosesWithMessageTooBig()
    {
        using var socket = await ConnectAsync();

        await socket.SendAsync(new byte[EmoTuneFactory.MaxFrameBytes + 10], WebSocketMessageType.Binary, endOfMessage: true, TestContext.Current.CancellationToken);
        var result = await socket.ReceiveAsync(new byte[1024], TestContext.Current.CancellationToken);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
    }

    [Fact]
    public async Task Stream_ClientVanishesMidFrame_ServerKeepsServingOthers()
    {
        using (var rude = await ConnectAsync())
        {
            var frame = TestImages.Scene(1);
            await rude.SendAsync(frame.AsMemory(0, frame.Length / 2), WebSocketMessageType.Binary, endOfMessage: false, TestContext.Current.CancellationToken);
            rude.Abort();
        }

        using var polite = await ConnectAsync();
        var reply = await ExchangeAsync(polite, TestImages.Scene(1), WebSocketMessageType.Binary);

        Assert.Equal(1, reply.GetProperty("faces").GetArrayLength());
    }

    private Task<WebSocket> ConnectAsync() => FrameSockets.ConnectAsync(factory);

    private static Task<JsonElement> ExchangeAsync(WebSocket socket, byte[] message, WebSocketMessageType type) => FrameSockets.ExchangeAsync(socket, message, type);
}
