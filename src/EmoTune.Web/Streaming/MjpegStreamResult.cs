using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace EmoTune.Web.Streaming;

/// <summary>
/// Writes the camera feed as <c>multipart/x-mixed-replace</c>: one JPEG part per published frame, always the newest (a
/// slow viewer skips frames), until the client goes or the app stops.
/// </summary>
internal sealed class MjpegStreamResult(CameraFeed feed, CancellationToken stopping) : IResult
{
    public const string Boundary = "emotune-frame";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = $"multipart/x-mixed-replace; boundary={Boundary}";
        response.Headers.CacheControl = "no-store, no-cache";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var ct = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        using var viewer = feed.Watch();
        await response.StartAsync(ct.Token);
        var seen = 0L;
        try
        {
            while (await feed.NextAsync(seen, ct.Token) is { } frame)
            {
                seen = frame.Sequence;
                var header = Encoding.ASCII.GetBytes(string.Create(
                    CultureInfo.InvariantCulture, $"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {frame.Jpeg.Length}\r\n\r\n"));
                await response.Body.WriteAsync(header, ct.Token);
                await response.Body.WriteAsync(frame.Jpeg, ct.Token);
                await response.Body.WriteAsync("\r\n"u8.ToArray(), ct.Token);
                await response.Body.FlushAsync(ct.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The viewer went away or the app is stopping: the stream just ends.
        }
    }
}
