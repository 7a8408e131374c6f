using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace EmoTune.Web.Profiles;

/// <summary>
/// Whose data a request touches. While sign-in is not required (EmoTune listens on loopback only, or
/// <c>Web:RequireSignIn=false</c>), everyone is the one profile <see cref="LocalProfile"/>; in sign-in mode, the
/// signed-in account's id, and nobody before signing in. Every API with per-user data goes through here, through the
/// <see cref="Policy"/> authorization policy and a <see cref="CurrentProfile"/> parameter.
/// </summary>
public sealed class ProfileResolver
{
    /// <summary>The authorization policy of every endpoint that touches per-user data (or needs a signed-in user).</summary>
    public const string Policy = "profile";

    /// <summary>The one profile used while sign-in is not required.</summary>
    public const string LocalProfile = "local";

    public ProfileResolver(IOptions<ProfileOptions> options, IConfiguration config)
    {
        var setting = options.Value.RequireSignIn;
        SignInRequired = bool.TryParse(setting, out var required) ? required : !ListensOnLoopbackOnly(config);
    }

    /// <summary>Whether each person must sign in (and gets a profile of their own).</summary>
    public bool SignInRequired { get; }

    /// <summary>The request's profile; null when sign-in is required and the request is not signed in.</summary>
    public CurrentProfile? Resolve(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!SignInRequired)
        {
            return new CurrentProfile(LocalProfile, null);
        }

        var user = context.User;
        return user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id
            ? new CurrentProfile(id, user.FindFirstValue(ClaimTypes.Name))
            : null;
    }

    /// <summary>Whether <paramref name="url"/> (as given to <c>--urls</c>) listens on the loopback interface only.</summary>
    public static bool IsLoopbackUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);

        // Kestrel's wildcards (http://*:5000, http://+:5000) listen everywhere.
        var normalised = url.Trim().Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.Host;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>Whether every address EmoTune is configured to listen on is a loopback one (what the <c>auto</c> settings go by).</summary>
    internal static bool ListensOnLoopbackOnly(IConfiguration config) => ConfiguredUrls(config) is { Count: > 0 } urls && urls.All(IsLoopbackUrl);

    /// <summary>The addresses EmoTune is configured to listen on.</summary>
    internal static List<string> ConfiguredUrls(IConfiguration config)
    {
        // "urls" is always set (by --urls, ASPNETCORE_URLS or EmoTune's loopback default) and wins over HTTP_PORTS;
        // Kestrel endpoints in configuration add to it.
        var urls = (config["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        urls.AddRange(config.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls;
    }
}
