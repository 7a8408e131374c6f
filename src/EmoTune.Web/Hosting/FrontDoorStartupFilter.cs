namespace EmoTune.Web.Hosting;

/// <summary>
/// The first middleware of all, ahead of those ASP.NET Core's web defaults put before the app's pipeline (host
/// filtering): the security headers, so that every answer carries them, and the host check
/// (<see cref="AllowedHostsMiddleware"/>), so that a foreign <c>Host</c> gets ProblemDetails.
/// </summary>
/// <remarks>
/// Startup filters wrap the pipeline in the order they are registered, and the web defaults register theirs before any
/// of EmoTune's services; <see cref="WebServiceCollectionExtensions.AddEmoTuneWeb"/> therefore inserts this one first.
/// </remarks>
internal sealed class FrontDoorStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // The client's own address (X-Forwarded-For) from a trusted gateway, before anything counts per client.
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<AllowedHostsMiddleware>();
        next(app);
    };
}
