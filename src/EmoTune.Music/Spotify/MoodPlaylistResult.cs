namespace EmoTune.Music.Spotify;

/// <summary>The outcome of saving a mood playlist.</summary>
/// <param name="Playlist">The playlist written, or null when no track could be found on Spotify (nothing was created).</param>
/// <param name="Created">True when the playlist was new; false when an existing "EmoTune — mood" playlist was updated.</param>
/// <param name="Matches">Tracks found on Spotify, in list order.</param>
/// <param name="UnresolvedTrackIds">EmoTune tracks that search could not match with certainty.</param>
public sealed record MoodPlaylistResult(SpotifyPlaylist? Playlist, bool Created, IReadOnlyList<SpotifyTrackMatch> Matches, IReadOnlyList<string> UnresolvedTrackIds);
