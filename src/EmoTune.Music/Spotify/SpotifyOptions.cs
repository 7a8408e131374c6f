using System.ComponentModel.DataAnnotations;
using System.Net;

namespace EmoTune.Music.Spotify;

/// <summary>
/// The Spotify app EmoTune signs in with (section <c>Spotify</c>), validated at start-up. Without a
/// <see cref="ClientId"/> Spotify is simply off: the endpoints say so and the page hides the connect button.
/// </summary>
/// <remarks>
/// Redirect URIs follow Spotify's rules (developer.spotify.com/documentation/web-api/concepts/redirect_uri, enforced
/// since April 2025): HTTPS, or plain HTTP only for a loopback IP literal (<c>http://127.0.0.1:PORT/…</c>,
/// <c>http://[::1]:PORT/…</c>); <c>localhost</c> is refused. Only the authorization code flow with PKCE is used; the
/// implicit grant is gone.
/// </remarks>
public sealed class SpotifyOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Spotify";

    /// <summary>The scopes EmoTune asks for: top tracks, saved tracks, reading and writing the user's private playlists.</summary>
    public const string DefaultScopes = "user-top-read user-library-read playlist-read-private playlist-modify-private";

    /// <summary>Spotify's <c>search</c> caps <c>limit</c> at 10 for development-mode apps since February 2026.</summary>
    public const int MaxSearchLimit = 10;

    /// <summary>The Client ID of your app in the Spotify developer dashboard; empty turns Spotify off.</summary>
    public string ClientId { get; init; } = "";

    /// <summary>Where Spotify sends the browser back; must be registered in the dashboard exactly (loopback ports may vary).</summary>
    public string RedirectUri { get; init; } = "http://127.0.0.1:5000/api/v1/spotify/callback";

    /// <summary>Space-separated scopes asked for at sign-in.</summary>
    public string Scopes { get; init; } = DefaultScopes;

    /// <summary>Spotify's accounts service (authorize and token endpoints); tests point it at a mock server.</summary>
    public Uri AccountsBaseUrl { get; init; } = new("https://accounts.spotify.com/");

    /// <summary>The Web API root; tests point it at a mock server.</summary>
    public Uri ApiBaseUrl { get; init; } = new("https://api.spotify.com/v1/");

    /// <summary>An access token is refreshed this long before it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan RefreshBeforeExpiry { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A 429 answer whose <c>Retry-After</c> is at most this long is waited out and retried; longer fails at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many 429 answers one call waits out before giving up.</summary>
    [Range(0, 5)]
    public int MaxRateLimitRetries { get; init; } = 2;

    /// <summary>How many times a read (GET) or replace (PUT) that Spotify answers with a 5xx is retried, with back-off.</summary>
    [Range(0, 5)]
    public int MaxServerErrorRetries { get; init; } = 2;

    /// <summary>Wait before the first retry after a 5xx; it doubles for each further retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan ServerErrorBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Timeout of one HTTP request to Spotify.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>True when a Client ID is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The scopes as a list.</summary>
    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsConfigured && !ClientId.All(char.IsAsciiLetterOrDigit))
        {
            yield return new ValidationResult("Spotify:ClientId must be the app's Client ID from the Spotify dashboard (letters and digits).", [nameof(ClientId)]);
        }

        if (RedirectUriError(RedirectUri) is { } error)
        {
            yield return new ValidationResult($"Spotify:RedirectUri '{RedirectUri}' {error}", [nameof(RedirectUri)]);
        }

        foreach (var (name, url) in new[] { (nameof(AccountsBaseUrl), AccountsBaseUrl), (nameof(ApiBaseUrl), ApiBaseUrl) })
        {
            if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                yield return new ValidationResult($"Spotify:{name} must be an absolute http(s) URL.", [name]);
            }
        }

        if (ScopeList.Count == 0)
        {
            yield return new ValidationResult("Spotify:Scopes must name at least one scope.", [nameof(Scopes)]);
        }
    }

    /// <summary>Why Spotify would refuse <paramref name="redirectUri"/>, or null when it is acceptable.</summary>
    public static string? RedirectUriError(string? redirectUri)
    {
        // A bare path is an absolute file: URI on Unix; it is not what anyone means here.
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || (uri.IsFile && !redirectUri!.StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
        {
            return "is not an absolute URL.";
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return "must not have a fragment.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            return "must use https (or http on a loopback IP address).";
        }

        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "uses localhost, which Spotify refuses: use http://127.0.0.1:PORT/… or http://[::1]:PORT/… instead.";
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)
            ? null
            : "uses plain http, which Spotify accepts only for loopback IP addresses (127.0.0.1, [::1]): use https.";
    }
}
