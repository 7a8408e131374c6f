namespace EmoTune.Web.Hosting;

/// <summary>
/// Security headers on every response: a Content-Security-Policy without inline script that allows only EmoTune's own
/// origin (and Spotify's embed player in a frame; WebAssembly compilation for on-device mode's onnxruntime-web, which
/// <c>'wasm-unsafe-eval'</c> allows without allowing <c>eval</c>), no referrer, no MIME sniffing, camera for this origin only,
/// and cross-origin isolation (<c>Cross-Origin-Opener-Policy: same-origin</c> with
/// <c>Cross-Origin-Embedder-Policy: credentialless</c>), which gives on-device mode's onnxruntime-web SharedArrayBuffer and
/// so more than one WebAssembly thread. <c>credentialless</c> rather than <c>require-corp</c>: the page loads nothing from
/// another origin but Spotify's embed player, which runs in a <c>credentialless</c> iframe (spotify.js).
/// </summary>
/// <remarks>
/// Written as the response starts, not as the request comes in: the exception handler clears a failed response's
/// headers before it writes the 500, which took these with them. Runs first of all (<see cref="FrontDoorStartupFilter"/>),
/// so that answers of middleware ahead of the app's pipeline carry them too.
/// </remarks>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string Policy =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
        "connect-src 'self'; frame-src https://open.spotify.com; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state => Write(((HttpResponse)state).Headers), context.Response);
        return next(context);
    }

    private static Task Write(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = Policy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Embedder-Policy"] = "credentialless";
        return Task.CompletedTask;
    }
}
