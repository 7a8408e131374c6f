using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using EmoTune.Web.Apis;
using EmoTune.Web.Hosting;
using EmoTune.Web.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmoTune.Web.Streaming;

/// <summary>
/// Server-camera mode over HTTP: <c>GET /stream.mjpg</c> (the annotated frames), <c>GET /api/v1/camera</c> (status) and
/// <c>GET /api/v1/camera/results</c>, the results channel: server-sent events named <c>frame</c>, each the same
/// <see cref="FrameResult"/> JSON as <c>/ws/frames</c> answers. The two streams answer 404 when camera mode is off.
/// </summary>
public static class CameraEndpoints
{
    public const string StreamPath = "/stream.mjpg";
    public const string ResultsPath = "/api/v1/camera/results";
    public const string ResultsEvent = "frame";

    public static IEndpointRouteBuilder MapCameraStream(this IEndpointRouteBuilder app)
    {
        // Beyond loopback, only signed-in people see what the server's camera sees.
        app.MapGet(StreamPath, Stream).RequireAuthorization(ProfileResolver.Policy)
            .WithName("CameraStream").WithSummary("The server camera's frames with faces drawn, as MJPEG (multipart/x-mixed-replace)").WithTags("Camera")
            .Produces(StatusCodes.Status200OK, contentType: "multipart/x-mixed-replace");
        var api = app.MapGroup("/api/v1/camera").RequireAuthorization(ProfileResolver.Policy).WithTags("Camera");
        api.MapGet("/", (CameraFeed feed) => TypedResults.Ok(feed.Status()))
            .RequireRateLimiting(WebServiceCollectionExtensions.ApiRateLimit)
            .WithName("CameraStatus").WithSummary("Whether the server camera is on, what it captures and how it is doing");
        api.MapGet("/results", Results)
            .WithName("CameraResults").WithSummary("Each camera frame's faces and stable mood as server-sent events (event 'frame', FrameResult JSON)");
        return app;
    }

    private static Results<MjpegStreamResult, ProblemHttpResult> Stream(CameraFeed feed, IHostApplicationLifetime lifetime) =>
        feed.Enabled ? new MjpegStreamResult(feed, lifetime.ApplicationStopping) : Off();

    private static Results<ServerSentEventsResult<FrameResult>, ProblemHttpResult> Results(CameraFeed feed, IHostApplicationLifetime lifetime, HttpContext context) =>
        feed.Enabled
            ? TypedResults.ServerSentEvents(Follow(feed, lifetime.ApplicationStopping, context.RequestAborted), ResultsEvent)
            : Off();

    private static async IAsyncEnumerable<FrameResult> Follow(CameraFeed feed, CancellationToken stopping, [EnumeratorCancellation] CancellationToken aborted)
    {
        using var ct = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        using var viewer = feed.Watch();
        var seen = 0L;
        while (await feed.NextAsync(seen, ct.Token) is { } frame)
        {
            seen = frame.Sequence;
            yield return frame.Result;
        }
    }

    private static ProblemHttpResult Off() => TypedResults.Problem(
        "Camera mode is off. Start EmoTune with a camera (emotune serve --camera 0, a video file or a stream URL; setting Camera:Source) to use this.",
        statusCode: StatusCodes.Status404NotFound,
        title: "Camera mode is off");
}
