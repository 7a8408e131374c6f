namespace EmoTune.Music.Spotify;

/// <summary>The signed-in Spotify user.</summary>
/// <param name="Id">Spotify user id.</param>
/// <param name="DisplayName">Display name, when the user has one.</param>
public sealed record SpotifyUser(string Id, string? DisplayName);
