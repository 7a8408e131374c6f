using EmoTune.Web.Profiles;
using Microsoft.Extensions.Options;

namespace EmoTune.Web.Hosting;

/// <summary>
/// Whether the diagnostics endpoints (those marked with <see cref="DiagnosticsEndpointAttribute"/>: <c>/metrics</c>,
/// <c>/openapi/v1.json</c>) answer anyone, after <see cref="WebOptions.PublicDiagnostics"/>. While closed they answer
/// 404 ProblemDetails, as if absent: they need no sign-in to be useful to a scraper, so they are either public or off.
/// </summary>
/// <remarks>
/// Closed by default beyond loopback because they tell a stranger more than the page does: the full API surface, the
/// traffic, the error rates and the uptime (a restart). A Prometheus that scrapes EmoTune over the network needs
/// <c>Web:PublicDiagnostics=true</c> (and a network where that is acceptable).
/// </remarks>
public sealed class DiagnosticsAccess(IOptions<WebOptions> options, IConfiguration config)
{
    /// <summary>Whether anyone may read the diagnostics endpoints.</summary>
    public bool IsPublic { get; } = bool.TryParse(options.Value.PublicDiagnostics, out var open) ? open : ProfileResolver.ListensOnLoopbackOnly(config);
}
