namespace EmoTune.Music.Spotify;

/// <summary>An EmoTune catalogue track and the Spotify track it was resolved to.</summary>
/// <param name="TrackId">EmoTune track id.</param>
/// <param name="SpotifyId">Spotify track id.</param>
/// <param name="Uri">Spotify URI.</param>
public sealed record SpotifyTrackMatch(string TrackId, string SpotifyId, string Uri);
