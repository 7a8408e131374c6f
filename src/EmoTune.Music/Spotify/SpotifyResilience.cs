using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace EmoTune.Music.Spotify;

/// <summary>
/// The retries of every Web API call <see cref="SpotifyClient"/> makes, as a Microsoft.Extensions.Http.Resilience
/// pipeline on its typed <see cref="HttpClient"/>: a 429 is waited out as <c>Retry-After</c> says, a 5xx or a dropped
/// connection on a read or a replace is retried with exponential back-off, each attempt has
/// <see cref="SpotifyOptions.RequestTimeout"/>.
/// </summary>
/// <remarks>
/// Two retry strategies, not one, because Spotify's two failures want different budgets and delays: a 429 asks for a
/// wait (any method may repeat it, the request was refused), a 5xx may have half-happened (only GET and PUT, which are
/// harmless to repeat, are retried; a POST fails at once and the caller keeps the local tracks). The 429 strategy is
/// outside, so a 429 that interrupts a 5xx back-off starts the 5xx budget afresh: at most
/// (1 + <see cref="SpotifyOptions.MaxRateLimitRetries"/>) × (1 + <see cref="SpotifyOptions.MaxServerErrorRetries"/>)
/// attempts, 9 with the defaults. A timed-out attempt is not retried (as before: a hung Spotify costs one
/// <see cref="SpotifyOptions.RequestTimeout"/>, not three); there is no total timeout beyond these bounds. The 401
/// token refresh stays in <see cref="SpotifyClient"/>: it needs the profile's tokens, which the pipeline does not know.
/// </remarks>
internal static partial class SpotifyResilience
{
    /// <summary>The pipeline's name (its telemetry is tagged <c>SpotifyClient-spotify</c>).</summary>
    public const string PipelineName = "spotify";

    /// <summary>Adds the pipeline to <see cref="SpotifyClient"/>'s HTTP client; the client's own timeout is lifted, each attempt has its own.</summary>
    public static IHttpClientBuilder AddSpotifyResilience(this IHttpClientBuilder http)
    {
        http.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        http.AddResilienceHandler(PipelineName, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<SpotifyOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            var logger = context.ServiceProvider.GetRequiredService<ILogger<SpotifyClient>>();
            pipeline
                .AddRetry(RateLimitRetry(options, time, logger))
                .AddRetry(ServerErrorRetry(options, logger))
                .AddTimeout(options.RequestTimeout);
        });
        return http;
    }

    /// <summary>How long a 429 answer asks to wait: <c>Retry-After</c> in seconds or as a date, 1 s when it says nothing.</summary>
    public static TimeSpan RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : TimeSpan.FromSeconds(1));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static HttpRetryStrategyOptions RateLimitRetry(SpotifyOptions options, TimeProvider time, ILogger logger) => new()
    {
        Name = "rate-limit",
        MaxRetryAttempts = Math.Max(1, options.MaxRateLimitRetries),

        // The library reads the wait from Retry-After; without one the constant 1 s delay applies.
        ShouldRetryAfterHeader = true,
        BackoffType = DelayBackoffType.Constant,
        Delay = TimeSpan.FromSeconds(1),
        UseJitter = false,
        ShouldHandle = args => ValueTask.FromResult(
            options.MaxRateLimitRetries > 0
            && args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response
            && RetryAfter(response, time) <= options.MaxRetryAfter),
        OnRetry = args =>
        {
            var request = args.Context.GetRequestMessage();
            LogRateLimited(logger, request?.Method.Method, request?.RequestUri?.AbsolutePath, args.RetryDelay.TotalSeconds);
            return ValueTask.CompletedTask;
        },
    };

    private static HttpRetryStrategyOptions ServerErrorRetry(SpotifyOptions options, ILogger logger) => new()
    {
        Name = "server-error",
        MaxRetryAttempts = Math.Max(1, options.MaxServerErrorRetries),
        BackoffType = DelayBackoffType.Exponential,
        Delay = options.ServerErrorBackoff,
        UseJitter = false,
        ShouldHandle = args => ValueTask.FromResult(
            options.MaxServerErrorRetries > 0
            && args.Context.GetRequestMessage()?.Method is { } method
            && (method == HttpMethod.Get || method == HttpMethod.Put)
            && args.Outcome switch
            {
                { Result: { } response } => (int)response.StatusCode >= 500,
                { Exception: HttpRequestException } => true,
                _ => false,
            }),
        OnRetry = args =>
        {
            var request = args.Context.GetRequestMessage();
            var status = args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : "connection lost";
            LogServerError(logger, request?.Method.Method, request?.RequestUri?.AbsolutePath, status, args.RetryDelay.TotalSeconds);
            return ValueTask.CompletedTask;
        },
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spotify rate-limited {Method} {Path}; waiting {Seconds} s as asked")]
    private static partial void LogRateLimited(ILogger logger, string? method, string? path, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spotify failed {Method} {Path} ({Status}); retrying in {Seconds} s")]
    private static partial void LogServerError(ILogger logger, string? method, string? path, string status, double seconds);
}
