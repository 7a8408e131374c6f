namespace EmoTune.Music.Spotify;

/// <summary>What EmoTune may show or export about a profile's Spotify link: never a token.</summary>
/// <param name="Connected">True when tokens are stored.</param>
/// <param name="DisplayName">The Spotify account's display name (or id), when known.</param>
/// <param name="Scopes">Scopes granted.</param>
/// <param name="AccessExpiresAt">When the current access token expires; it is refreshed automatically.</param>
/// <param name="ConnectedAt">When the account was connected.</param>
public sealed record SpotifyConnection(bool Connected, string? DisplayName, IReadOnlyList<string> Scopes, DateTimeOffset? AccessExpiresAt, DateTimeOffset? ConnectedAt)
{
    /// <summary>A profile without a Spotify link.</summary>
    public static SpotifyConnection None { get; } = new(false, null, [], null, null);
}
