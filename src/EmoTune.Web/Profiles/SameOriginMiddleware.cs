using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EmoTune.Web.Profiles;

/// <summary>
/// Refuses cross-site requests that could act with a signed-in user's cookie: an API request that changes something
/// (POST, PUT, PATCH, DELETE) or a WebSocket handshake is refused with 403 when its <c>Origin</c> is another site (not
/// the request's own host and port, or not one of the allowed host names) or the browser marks it cross-site
/// (<c>Sec-Fetch-Site</c>). In sign-in mode such API requests must also carry
/// <see cref="HeaderName"/>, which a page of another origin cannot add without a CORS preflight that EmoTune never grants.
/// SameSite=Strict cookies already stay home; this is the second lock.
/// </summary>
internal sealed class SameOriginMiddleware(RequestDelegate next, ProfileResolver profiles, IProblemDetailsService problems, IOptions<HostFilteringOptions> hosts)
{
    private readonly StringSegment[] _allowedHosts = [.. hosts.Value.AllowedHosts.Select(h => new StringSegment(h))];

    /// <summary>The header the page sends with every API call that changes something.</summary>
    public const string HeaderName = "X-EmoTune";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var changes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        var api = changes && request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
        var socket = context.WebSockets.IsWebSocketRequest;
        if (api || socket)
        {
            var refusal = !IsSameOrigin(request, _allowedHosts)
                ? "Cross-origin requests are refused."
                : api && profiles.SignInRequired && string.IsNullOrEmpty(request.Headers[HeaderName])
                    ? $"Requests that change data must carry the header '{HeaderName}: 1' (the page sends it)."
                    : null;
            if (refusal is not null)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = refusal },
                });
                return;
            }
        }

        await next(context);
    }

    private static bool IsSameOrigin(HttpRequest request, StringSegment[] allowedHosts)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !string.Equals(site, "same-origin", StringComparison.OrdinalIgnoreCase) && !string.Equals(site, "none", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            // Not from a browser page (curl, scripts, tests): nothing a cookie could be abused through.
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false; // includes "null", the origin of sandboxed and file pages
        }

        // Host and port only: behind a TLS-terminating proxy the scheme seen here differs from the page's.
        var host = request.Host;
        return string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == (host.Port ?? uri.Port)
            && HostString.MatchesAny(uri.Host, allowedHosts);
    }
}
