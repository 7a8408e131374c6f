using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;

namespace EmoTune.Music.Spotify;

/// <summary>
/// Spotify's accounts service: the authorize URL, the code-for-token exchange and the refresh, all for a public
/// client (PKCE, no client secret). A typed <see cref="HttpClient"/> from <c>IHttpClientFactory</c>.
/// </summary>
/// <remarks>
/// developer.spotify.com/documentation/web-api/tutorials/code-pkce-flow: <c>GET /authorize</c> with
/// <c>response_type=code</c>, <c>code_challenge_method=S256</c>; <c>POST /api/token</c> with <c>grant_type</c>,
/// <c>code</c>, <c>redirect_uri</c>, <c>client_id</c>, <c>code_verifier</c>; refresh with <c>grant_type=refresh_token</c>.
/// A refresh may return a new refresh token (it then replaces the old one) or none (the old one stays valid).
/// </remarks>
public sealed class SpotifyAccountsClient(HttpClient http, IOptions<SpotifyOptions> options, TimeProvider time)
{
    private readonly SpotifyOptions _options = options.Value;

    /// <summary>Starts a sign-in: a fresh state and verifier, and the authorize URL built from them.</summary>
    public SpotifyAuthorization CreateAuthorization()
    {
        EnsureConfigured();
        var state = SpotifyPkce.CreateState();
        var verifier = SpotifyPkce.CreateVerifier();
        var query = new StringBuilder();
        foreach (var (key, value) in new[]
        {
            ("client_id", _options.ClientId),
            ("response_type", "code"),
            ("redirect_uri", _options.RedirectUri),
            ("code_challenge_method", "S256"),
            ("code_challenge", SpotifyPkce.Challenge(verifier)),
            ("state", state),
            ("scope", string.Join(' ', _options.ScopeList)),
        })
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        return new SpotifyAuthorization(new Uri(WithSlash(_options.AccountsBaseUrl), "authorize" + query), state, verifier);
    }

    /// <summary>Exchanges the callback's <paramref name="code"/> and the session's <paramref name="verifier"/> for tokens.</summary>
    public Task<SpotifyTokens> ExchangeCodeAsync(string code, string verifier, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(verifier);
        EnsureConfigured();
        return RequestTokensAsync(
            [
                new("grant_type", "authorization_code"),
                new("code", code),
                new("redirect_uri", _options.RedirectUri),
                new("client_id", _options.ClientId),
                new("code_verifier", verifier),
            ],
            previous: null,
            ct);
    }

    /// <summary>Gets a new access token with <paramref name="current"/>'s refresh token, keeping it unless Spotify rotates it.</summary>
    public Task<SpotifyTokens> RefreshAsync(SpotifyTokens current, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        EnsureConfigured();
        return RequestTokensAsync(
            [
                new("grant_type", "refresh_token"),
                new("refresh_token", current.RefreshToken),
                new("client_id", _options.ClientId),
            ],
            current,
            ct);
    }

    private async Task<SpotifyTokens> RequestTokensAsync(KeyValuePair<string, string>[] form, SpotifyTokens? previous, CancellationToken ct)
    {
        var grant = form[0].Value;
        using var content = new FormUrlEncodedContent(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(WithSlash(_options.AccountsBaseUrl), "api/token")) { Content = content };
        using var response = await SpotifyClient.SendOnceAsync(http, request, _options.RequestTimeout, ct);
        if (!response.IsSuccessStatusCode)
        {
            AuthErrorJson? error = null;
            try
            {
                error = await response.Content.ReadFromJsonAsync<AuthErrorJson>(SpotifyJson.Options, ct);
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON (a proxy's page): the status says enough.
            }

            throw new SpotifyException(
                string.Create(CultureInfo.InvariantCulture, $"Spotify's token endpoint refused the {grant} grant ({(int)response.StatusCode}{(error?.Error is { } e ? ", " + e : "")}{(error?.ErrorDescription is { } d ? ": " + d : "")})."),
                (int)response.StatusCode,
                error?.Error);
        }

        var body = await SpotifyClient.ReadJsonAsync<TokenResponseJson>(response, "POST /api/token", ct);
        var refresh = body?.RefreshToken is { Length: > 0 } rotated ? rotated : previous?.RefreshToken;
        if (body?.AccessToken is not { Length: > 0 } access || refresh is null || body.ExpiresIn <= 0)
        {
            throw new SpotifyException($"Spotify's token endpoint answered the {grant} grant without an access token, refresh token or lifetime.", (int)response.StatusCode);
        }

        var scopes = body.Scope is { } granted
            ? granted.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : previous?.Scopes ?? [];
        return new SpotifyTokens(access, refresh, time.GetUtcNow().AddSeconds(body.ExpiresIn), scopes);
    }

    private void EnsureConfigured()
    {
        if (!_options.IsConfigured)
        {
            throw new SpotifyNotConfiguredException();
        }
    }

    internal static Uri WithSlash(Uri baseUrl) =>
        baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
}
