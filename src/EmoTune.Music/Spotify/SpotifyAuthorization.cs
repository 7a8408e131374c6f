namespace EmoTune.Music.Spotify;

/// <summary>
/// A started sign-in: the URL to send the browser to, and the two secrets the callback needs, which stay on the
/// server side of the user's session (never in the page).
/// </summary>
/// <param name="Url">Spotify's authorize URL with client id, redirect URI, scopes, S256 challenge and state.</param>
/// <param name="State">The CSRF state the callback must bring back.</param>
/// <param name="Verifier">The PKCE verifier the token exchange must present.</param>
public sealed record SpotifyAuthorization(Uri Url, string State, string Verifier)
{
    /// <inheritdoc />
    public override string ToString() => $"SpotifyAuthorization {{ Url = {Url.GetLeftPart(UriPartial.Path)} }}";
}
