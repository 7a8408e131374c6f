namespace EmoTune.Music.Spotify;

/// <summary>A playlist of the current user.</summary>
/// <param name="Id">Spotify id.</param>
/// <param name="Name">Name.</param>
/// <param name="OwnerId">The owner's Spotify user id.</param>
/// <param name="Url">Link to open it on open.spotify.com, when Spotify gave one.</param>
public sealed record SpotifyPlaylist(string Id, string Name, string? OwnerId, string? Url);
