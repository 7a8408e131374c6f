using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EmoTune.Web.Hosting;

/// <summary>Middleware steps of the web app.</summary>
public static class WebApplicationExtensions
{
    /// <summary>Serves the page from the files embedded in this assembly (index.html at /).</summary>
    public static void UseEmoTunePage(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(WebApplicationExtensions).Assembly, "wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }

    /// <summary>
    /// Drops a <c>Range</c> header of a unit other than bytes (<c>items=0-5</c>), which ASP.NET Core's range processing
    /// (local audio, the page's files) would serve as a byte range: RFC 9110 §14.2 says a server ignores a range unit it
    /// does not understand, so the whole file is sent, 200.
    /// </summary>
    public static void UseByteRangesOnly(this WebApplication app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (request.Headers.Range.Count > 0 && !string.Equals(request.GetTypedHeaders().Range?.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Remove(HeaderNames.Range);
            }

            return next(context);
        });

    /// <summary>
    /// Answers a diagnostics endpoint (<see cref="DiagnosticsEndpointAttribute"/>) with 404 ProblemDetails while
    /// <see cref="DiagnosticsAccess.IsPublic"/> is false. Runs after routing (which WebApplication puts first).
    /// </summary>
    public static void UseDiagnosticsAccess(this WebApplication app)
    {
        var access = app.Services.GetRequiredService<DiagnosticsAccess>();
        if (access.IsPublic)
        {
            return;
        }

        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<DiagnosticsEndpointAttribute>() is null)
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status404NotFound,
                    Title = "Not Found",
                    Detail = "Diagnostics are not public on this EmoTune (it listens beyond loopback; Web:PublicDiagnostics=true opens them).",
                },
            }).AsTask();
        });
    }

    /// <summary>Logs a warning at start when EmoTune listens beyond the loopback interface, and the host names it answers to.</summary>
    public static void WarnWhenNotLoopback(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                if (Profiles.ProfileResolver.IsLoopbackUrl(address))
                {
                    continue;
                }

                if (app.Services.GetRequiredService<Profiles.ProfileResolver>().SignInRequired && address.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                {
                    app.Logger.LogWarning("EmoTune is listening on {Address}, beyond this machine, over plain http: each person signs in, but passwords and sign-in cookies cross the network unencrypted (use https or a TLS proxy)", address);
                }
                else if (app.Services.GetRequiredService<Profiles.ProfileResolver>().SignInRequired)
                {
                    app.Logger.LogInformation("EmoTune is listening on {Address}, beyond this machine: each person signs in and sees only their own data", address);
                }
                else
                {
                    app.Logger.LogWarning("EmoTune is listening on {Address}, beyond this machine, with sign-in off: anyone who can reach it can send frames and read and delete the one profile's data", address);
                }
            }

            if (!addresses.All(Profiles.ProfileResolver.IsLoopbackUrl))
            {
                if (app.Services.GetRequiredService<DiagnosticsAccess>().IsPublic)
                {
                    app.Logger.LogWarning("EmoTune serves /metrics and /openapi/v1.json to anyone who can reach it (Web:PublicDiagnostics=true)");
                }

                var hosts = app.Services.GetRequiredService<IOptions<HostFilteringOptions>>().Value.AllowedHosts;
                app.Logger.LogInformation("EmoTune answers to the host names {Hosts} only; set Web:AllowedHosts to the names people use to reach it", string.Join(", ", hosts));
            }

            app.Logger.LogInformation("EmoTune is ready on {Addresses}", string.Join(", ", addresses));
        });
    }
}
