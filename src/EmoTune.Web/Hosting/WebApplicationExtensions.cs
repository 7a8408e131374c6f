using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;

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

    /// <summary>Logs a warning at start when EmoTune listens beyond the loopback interface.</summary>
    public static void WarnWhenNotLoopback(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                var host = new Uri(address.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal)).Host;
                var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
                if (!loopback)
                {
                    app.Logger.LogWarning("EmoTune is listening on {Address}, beyond this machine: anyone who can reach it can send frames and read recommendations", address);
                }
            }

            app.Logger.LogInformation("EmoTune is ready on {Addresses}", string.Join(", ", addresses));
        });
    }
}
