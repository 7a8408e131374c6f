using System.Globalization;
using EmoTune.Music.Spotify;
using EmoTune.Vision.Inference;
using Microsoft.AspNetCore.Diagnostics;

namespace EmoTune.Web.Hosting;

/// <summary>The one place EmoTune exceptions become HTTP status codes, as ProblemDetails.</summary>
internal sealed class EmoTuneExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title) = exception switch
        {
            InvalidImageException => (StatusCodes.Status400BadRequest, "Invalid image"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            SpotifyNotConfiguredException => (StatusCodes.Status503ServiceUnavailable, "Spotify not configured"),
            SpotifyNotConnectedException => (StatusCodes.Status409Conflict, "Spotify not connected"),
            SpotifyRateLimitedException => (StatusCodes.Status503ServiceUnavailable, "Spotify rate limit"),
            SpotifyException => (StatusCodes.Status502BadGateway, "Spotify error"),
            _ => (0, ""),
        };
        if (status == 0)
        {
            return false;
        }

        context.Response.StatusCode = status;
        if (exception is SpotifyRateLimitedException limited)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(limited.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = exception.Message },
        });
    }
}
