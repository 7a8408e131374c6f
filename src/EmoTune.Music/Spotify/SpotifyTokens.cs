namespace EmoTune.Music.Spotify;

/// <summary>A profile's Spotify tokens. <see cref="ToString"/> leaves the tokens out, so a stray log line cannot leak them.</summary>
/// <param name="AccessToken">Bearer token for the Web API.</param>
/// <param name="RefreshToken">Token that obtains the next access token (Spotify may rotate it on every refresh).</param>
/// <param name="ExpiresAt">When the access token expires (UTC).</param>
/// <param name="Scopes">Scopes the user granted.</param>
public sealed record SpotifyTokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"SpotifyTokens {{ ExpiresAt = {ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}, Scopes = {string.Join(' ', Scopes)} }}";
}
