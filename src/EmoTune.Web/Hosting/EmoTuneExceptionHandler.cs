using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmoTune.Music.Spotify;
using EmoTune.Vision.Inference;
using Microsoft.AspNetCore.Diagnostics;

namespace EmoTune.Web.Hosting;

/// <summary>The one place EmoTune exceptions become HTTP status codes, as ProblemDetails.</summary>
/// <remarks>
/// Minimal APIs throw <see cref="BadHttpRequestException"/> for a parameter they cannot bind (RouteHandlerOptions.ThrowOnBadRequest,
/// set in <see cref="WebServiceCollectionExtensions.AddEmoTuneWeb"/>; by default only in development, production
/// answering a bare 400); its message names the parameter, and is rewritten here to say the reason too.
/// </remarks>
internal sealed partial class EmoTuneExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title) = exception switch
        {
            InvalidImageException => (StatusCodes.Status400BadRequest, "Invalid image"),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Payload too large"),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type"),
            BadHttpRequestException bad => (bad.StatusCode, "Invalid request"),
            SpotifyNotConfiguredException => (StatusCodes.Status503ServiceUnavailable, "Spotify not configured"),
            SpotifyNotConnectedException => (StatusCodes.Status409Conflict, "Spotify not connected"),
            SpotifyRateLimitedException => (StatusCodes.Status503ServiceUnavailable, "Spotify rate limit"),
            SpotifyException => (StatusCodes.Status502BadGateway, "Spotify error"),
            Npgsql.NpgsqlException { IsTransient: true } => (StatusCodes.Status503ServiceUnavailable, "Database unavailable"),
            StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException => (StatusCodes.Status503ServiceUnavailable, "Redis unavailable"),
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
            ProblemDetails = { Status = status, Title = title, Detail = Detail(exception) },
        });
    }

    // The database's and Redis's own messages name hosts and ports: said plainly instead, the rest is in the log.
    private static string Detail(Exception exception) => exception switch
    {
        BadHttpRequestException bad => Describe(bad),
        Npgsql.NpgsqlException => "The database (PostgreSQL) cannot be reached; try again in a moment. GET /health says what is down.",
        StackExchange.Redis.RedisException => "Redis, which the replicas share sessions and limits through, cannot be reached; try again in a moment. GET /health says what is down.",
        _ => exception.Message,
    };

    /// <summary>The parameter and the reason, from the framework's messages (RequestDelegateFactory's, stable since .NET 6).</summary>
    internal static string Describe(BadHttpRequestException exception)
    {
        var message = exception.Message;
        if (FailedToBind().Match(message) is { Success: true } bind)
        {
            return $"{bind.Groups["name"].Value}: '{bind.Groups["value"].Value}' is not {Expected(bind.Groups["type"].Value)}.";
        }

        if (NotProvided().Match(message) is { Success: true } missing)
        {
            var source = missing.Groups["source"].Value;
            return string.Equals(source, "body", StringComparison.Ordinal)
                ? "The request body is required (JSON)."
                : $"{missing.Groups["name"].Value} is required (in the {source}).";
        }

        if (NoBody().IsMatch(message))
        {
            return "The request body is required (JSON).";
        }

        if (NotJson().IsMatch(message))
        {
            return exception.InnerException is JsonException json ? $"The request body is not valid JSON: {json.Message}" : "The request body is not valid JSON.";
        }

        return message;
    }

    // The framework names int? as "Nullable<int>".
    private static string Expected(string type) => NullableOf().Replace(type, "$1").TrimEnd('?') switch
    {
        "int" or "long" or "short" or "uint" or "ulong" or "ushort" or "byte" or "Int32" or "Int64" => "a whole number",
        "double" or "float" or "decimal" or "Double" or "Single" or "Decimal" => "a number",
        "bool" or "Boolean" => "true or false",
        "DateTime" or "DateTimeOffset" => "a date and time",
        var other => $"a valid {other}",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ ]+)" from "(?<value>.*)"\.$""", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ ]+)" was not provided from (?<source>.+)\.$""", RegexOptions.CultureInvariant)]
    private static partial Regex NotProvided();

    [GeneratedRegex("""^Implicit body inferred for parameter ".+" but no body was provided""", RegexOptions.CultureInvariant)]
    private static partial Regex NoBody();

    [GeneratedRegex("^Nullable<(.+)>$", RegexOptions.CultureInvariant)]
    private static partial Regex NullableOf();

    [GeneratedRegex("""^Failed to read parameter ".+" from the request body as JSON\.$""", RegexOptions.CultureInvariant)]
    private static partial Regex NotJson();
}
