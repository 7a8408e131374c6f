using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EmoTune.Web.Hosting;

/// <summary>
/// Refuses a request whose <c>Host</c> is not one of <see cref="HostFilteringOptions.AllowedHosts"/> with 400
/// ProblemDetails that say why and which setting widens the list.
/// </summary>
/// <remarks>
/// ASP.NET Core's own host filtering, which the web defaults run ahead of the app's pipeline, enforces the same options
/// with the same matcher (<see cref="HostString.MatchesAny"/>) but answers a bare 400 without the security headers. This
/// check runs just before it, inside <see cref="SecurityHeadersMiddleware"/> (see <see cref="FrontDoorStartupFilter"/>).
/// </remarks>
internal sealed class AllowedHostsMiddleware(RequestDelegate next, IOptions<HostFilteringOptions> options, IProblemDetailsService problems)
{
    private readonly StringSegment[] _allowed = [.. options.Value.AllowedHosts.Select(h => new StringSegment(h))];
    private readonly bool _allowEmpty = options.Value.AllowEmptyHosts;

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Headers.Host.ToString();
        return (host.Length == 0 ? _allowEmpty : Matches(host)) ? next(context) : RefuseAsync(context, host);
    }

    private bool Matches(string host)
    {
        try
        {
            return HostString.MatchesAny(host, _allowed);
        }
        catch (FormatException)
        {
            return false; // a malformed port
        }
    }

    private async Task RefuseAsync(HttpContext context, string host)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Unknown host",
                Detail = host.Length == 0
                    ? "The request has no Host header."
                    : $"This EmoTune does not answer to the host '{host}': only to its loopback names and to the names in Web:AllowedHosts (which keeps pages of other sites out).",
            },
        });
    }
}
