using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using EmoTune.Vision.Inference;
using EmoTune.Vision.Tracking;
using EmoTune.Web.Apis;
using EmoTune.Web.Hosting;
using Microsoft.Extensions.Options;

namespace EmoTune.Web.Streaming;

/// <summary>
/// <c>/ws/frames</c>: the page sends JPEG frames as binary messages, one at a time, and gets each frame's faces back as
/// JSON, with per-connection face tracking (ids, smoothed probabilities) and the stable mood. A frame that can't be
/// used gets an error message and the stream goes on; an oversized message closes the socket ("message too big").
/// Frames live only in memory for the time it takes to process them.
/// </summary>
public static partial class FrameStreamEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapFrameStream(this IEndpointRouteBuilder app)
    {
        app.Map("/ws/frames", HandleAsync).RequireAuthorization(Profiles.ProfileResolver.Policy).WithName("FrameStream").WithTags("Streaming").ExcludeFromDescription();
        return app;
    }

    private static async Task HandleAsync(HttpContext context, EmotionPipeline pipeline, FrameDecoder decoder, IOptions<WebOptions> options, FaceTracker tracker, StableMood mood, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("WebSocket requests only.", context.RequestAborted);
            return;
        }

        var logger = loggers.CreateLogger(typeof(FrameStreamEndpoint));
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[options.Value.MaxFrameBytes];
        var clock = Stopwatch.StartNew();
        var ct = context.RequestAborted;
        try
        {
            while (socket.State == WebSocketState.Open && !ct.IsCancellationRequested)
            {
                var (type, length) = await ReceiveAsync(socket, buffer, ct);
                if (type == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
                    return;
                }

                if (length < 0)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"frames are limited to {buffer.Length} bytes", ct);
                    return;
                }

                var reply = type == WebSocketMessageType.Binary
                    ? Process(buffer.AsSpan(0, length), pipeline, decoder, tracker, mood, clock.Elapsed)
                    : Error("send frames as binary JPEG or PNG messages");
                await socket.SendAsync(reply, WebSocketMessageType.Text, endOfMessage: true, ct);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            LogClientGone(logger, ex.GetType().Name);
        }
    }

    private static byte[] Process(ReadOnlySpan<byte> data, EmotionPipeline pipeline, FrameDecoder decoder, FaceTracker tracker, StableMood mood, TimeSpan at)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var frame = decoder.Decode(data);
            var tracked = tracker.Update(pipeline.Process(frame), at);
            var main = tracked.Count == 0 ? null : tracked.MaxBy(t => t.Box.Area);
            mood.Update(main?.Scores.Top, at);
            return JsonSerializer.SerializeToUtf8Bytes(new FrameResult(
                frame.Width,
                frame.Height,
                Stopwatch.GetElapsedTime(start).TotalMilliseconds,
                tracked.Select(t => FaceDto.From(t.TrackId, t.Box, t.Scores)).ToList(),
                mood.Current is { } m ? Core.Emotions.EmotionLabels.ToName(m) : null), Json);
        }
        catch (InvalidImageException ex)
        {
            return Error(ex.Message);
        }
    }

    private static byte[] Error(string message) => JsonSerializer.SerializeToUtf8Bytes(new StreamError(message), Json);

    private sealed record StreamError(string Error);

    /// <summary>Reads one whole message into <paramref name="buffer"/>; length −1 when it does not fit.</summary>
    private static async Task<(WebSocketMessageType Type, int Length)> ReceiveAsync(WebSocket socket, byte[] buffer, CancellationToken ct)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                return (WebSocketMessageType.Binary, -1);
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, 0);
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return (result.MessageType, length);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Frame stream ended: {Reason}")]
    private static partial void LogClientGone(ILogger logger, string reason);
}
