using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EmoTune.Web.Tests;

/// <summary>Opens <c>/ws/frames</c> on an in-memory app and trades one message for one JSON answer.</summary>
internal static class FrameSockets
{
    public static async Task<WebSocket> ConnectAsync(WebApplicationFactory<Program> app) =>
        await app.Server.CreateWebSocketClient().ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), TestContext.Current.CancellationToken);

    public static async Task<JsonElement> ExchangeAsync(WebSocket socket, byte[] message, WebSocketMessageType type = WebSocketMessageType.Binary)
    {
        await socket.SendAsync(message, type, endOfMessage: true, TestContext.Current.CancellationToken);
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), TestContext.Current.CancellationToken);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length)).RootElement.Clone();
            }
        }
    }
}
