using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using EmoTune.Vision;
using EmoTune.Vision.Inference;
using EmoTune.Vision.Tracking;
using EmoTune.Web.Apis;
using EmoTune.Web.Hosting;
using EmoTune.Web.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EmoTune.Web.Streaming;

/// <summary>
/// <c>/ws/frames</c>: the page sends JPEG frames as binary messages, one at a time, and gets each frame's faces back as
/// JSON, with per-connection face tracking (ids, smoothed probabilities) and the stable mood. In on-device mode the page
/// sends text messages instead, the faces it found and classified itself (<see cref="FaceResultsMessage"/>: boxes and
/// probabilities, no pixels), which go through the same tracking and mood. A message that can't be used (not an image,
/// results that fail validation, over the per-connection message rate) gets an error message and the stream goes on; an oversized message closes the socket ("message too big"). A client (IP address) may hold a limited number of
/// streams; one more is refused with 429 before the upgrade; <c>GET /api/v1/streams</c> tells the page how many it holds and may hold, since a browser can't read why its WebSocket was refused. Frames live only in memory for the time it takes to
/// process them.
/// </summary>
public static partial class FrameStreamEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapFrameStream(this IEndpointRouteBuilder app)
    {
        app.Map("/ws/frames", HandleAsync).RequireAuthorization(Profiles.ProfileResolver.Policy).WithName("FrameStream").WithTags("Streaming").ExcludeFromDescription();
        app.MapGet("/api/v1/streams", Capacity).RequireRateLimiting(WebServiceCollectionExtensions.ApiRateLimit).WithName("FrameStreamCapacity").WithTags("Streaming")
            .WithSummary("How many frame streams this client holds open, and the most allowed (a browser can't read why its WebSocket was refused)");
        return app;
    }

    private static async Task<Ok<StreamCapacity>> Capacity(HttpContext context, IClientConnectionLimiter limiter, IOptions<WebOptions> options) =>
        TypedResults.Ok(new StreamCapacity(await limiter.OpenForAsync(ClientAddress(context), context.RequestAborted), options.Value.MaxWebSocketsPerClient));

    /// <summary>Frame streams the client holds open and the most it may.</summary>
    public sealed record StreamCapacity(int Open, int Limit);

    private static async Task HandleAsync(
        HttpContext context, EmotionPipeline pipeline, FrameDecoder decoder, IOptions<WebOptions> options, IOptions<VisionOptions> vision, FaceFollower follower, FaceTracker tracker,
        StableMood mood, IClientConnectionLimiter limiter, PipelineMetrics metrics, TimeProvider time, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await TypedResults.Problem("/ws/frames takes WebSocket requests only.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request").ExecuteAsync(context);
            return;
        }

        var client = ClientAddress(context);
        using var lease = await limiter.TryAcquireAsync(client, context.RequestAborted);
        if (lease is null)
        {
            metrics.RecordError(FrameSources.WebSocket, FrameErrorReasons.TooManyConnections);
            var limit = options.Value.MaxWebSocketsPerClient;
            await TypedResults.Problem(
                $"This client already has {limit} frame streams open, the most allowed; close one first.",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many connections").ExecuteAsync(context);
            return;
        }

        var logger = loggers.CreateLogger(typeof(FrameStreamEndpoint));
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        metrics.WebSocketOpened();
        var ct = context.RequestAborted;
        (WebSocketCloseStatus Status, string Reason)? close = null;
        try
        {
            var session = new Session(pipeline, decoder, follower, tracker, mood, metrics, time, new FrameRateLimiter(options.Value.MaxFramesPerSecond, time.TimestampFrequency))
            {
                MaxFaces = vision.Value.Detection.MaxFaces,
                MaxPixels = options.Value.MaxImagePixels,
            };
            close = await ServeAsync(socket, session, new byte[options.Value.MaxFrameBytes], ct);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            LogClientGone(logger, ex.GetType().Name);
        }
        finally
        {
            // Released before the closing handshake, so a client that sees its socket closed can open another at once.
            lease.Dispose();
            metrics.WebSocketClosed();
        }

        if (close is { } c)
        {
            try
            {
                await socket.CloseAsync(c.Status, c.Reason, ct);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                LogClientGone(logger, ex.GetType().Name);
            }
        }
    }

    /// <summary>Answers messages until the client closes (normal closure) or sends one too big; returns how to close.</summary>
    private static async Task<(WebSocketCloseStatus, string)> ServeAsync(WebSocket socket, Session session, byte[] buffer, CancellationToken ct)
    {
        while (true)
        {
            var (type, length) = await ReceiveAsync(socket, buffer, ct);
            if (type == WebSocketMessageType.Close)
            {
                return (WebSocketCloseStatus.NormalClosure, "bye");
            }

            if (length < 0)
            {
                session.Metrics.RecordError(FrameSources.WebSocket, FrameErrorReasons.TooLarge);
                return (WebSocketCloseStatus.MessageTooBig, $"frames are limited to {buffer.Length} bytes");
            }

            byte[] reply;
            if (!session.Rate.TryPass(session.Time.GetTimestamp()))
            {
                session.Metrics.RecordError(FrameSources.WebSocket, FrameErrorReasons.RateLimited);
                reply = Error(FrameErrorReasons.RateLimited, "too many frames: send at most one at a time, waiting for each answer");
            }
            else if (type != WebSocketMessageType.Binary)
            {
                reply = ProcessResults(buffer.AsMemory(0, length), session);
            }
            else
            {
                reply = Process(buffer.AsSpan(0, length), session);
            }

            await socket.SendAsync(reply, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
    }

    private static byte[] Process(ReadOnlySpan<byte> data, Session session)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var frame = session.Decoder.Decode(data);
            var result = LiveFrame.Analyse(frame, session.Pipeline, session.Follower, session.Tracker, session.Mood, session.Time.GetElapsedTime(session.Started), start);
            session.Metrics.RecordFrame(FrameSources.WebSocket, result.Faces.Count, result.ElapsedMs / 1000);
            return JsonSerializer.SerializeToUtf8Bytes(result, Json);
        }
        catch (InvalidImageException ex)
        {
            session.Metrics.RecordError(FrameSources.WebSocket, FrameErrorReasons.BadImage);
            return Error(FrameErrorReasons.BadImage, ex.Message);
        }
    }

    private static byte[] ProcessResults(ReadOnlyMemory<byte> json, Session session)
    {
        var start = Stopwatch.GetTimestamp();
        if (!FaceResultsMessage.TryParse(json, session.MaxFaces, session.MaxPixels, out var width, out var height, out var faces, out var error, out var reason))
        {
            session.Metrics.RecordError(reason == FrameErrorReasons.BadResults ? FrameSources.OnDevice : FrameSources.WebSocket, reason);
            return Error(reason, error!);
        }

        var result = LiveFrame.Track(width, height, faces, session.Tracker, session.Mood, session.Time.GetElapsedTime(session.Started), start);
        session.Metrics.RecordFrame(FrameSources.OnDevice, result.Faces.Count, result.ElapsedMs / 1000);
        return JsonSerializer.SerializeToUtf8Bytes(result, Json);
    }

    /// <summary>The client's address, IPv4-mapped IPv6 folded to IPv4 so one client counts once (loopback when unknown, as in tests).</summary>
    private static IPAddress ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static byte[] Error(string reason, string message) => JsonSerializer.SerializeToUtf8Bytes(new StreamError(message, reason), Json);

    /// <summary>A refused message: what went wrong, and a stable code from <see cref="FrameErrorReasons"/>.</summary>
    private sealed record StreamError(string Error, string Reason);

    /// <summary>One connection's state: its face follower, tracker and mood, its frame-rate window, its clock.</summary>
    private sealed record Session(EmotionPipeline Pipeline, FrameDecoder Decoder, FaceFollower Follower, FaceTracker Tracker, StableMood Mood, PipelineMetrics Metrics, TimeProvider Time, FrameRateLimiter Rate)
    {
        public long Started { get; } = Time.GetTimestamp();

        /// <summary>Most faces a results message may carry.</summary>
        public int MaxFaces { get; init; } = 8;

        /// <summary>Largest frame a results message may describe, in pixels.</summary>
        public long MaxPixels { get; init; } = 4096L * 4096;
    }

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
