namespace EmoTune.Music.Spotify;

/// <summary>A track in Spotify's catalogue.</summary>
/// <param name="Id">Spotify id (base-62), as used by the embed player <c>https://open.spotify.com/embed/track/{id}</c>.</param>
/// <param name="Name">Track name.</param>
/// <param name="Artists">Artist names, in credit order.</param>
/// <param name="Album">Album name.</param>
/// <param name="Uri">Spotify URI (<c>spotify:track:{id}</c>), as playlists take them.</param>
public sealed record SpotifyTrack(string Id, string Name, IReadOnlyList<string> Artists, string? Album, string Uri);
