using EmoTune.Core.Emotions;
using EmoTune.Music.Catalog;
using EmoTune.Music.Recommendation;
using Microsoft.Extensions.Logging;

namespace EmoTune.Music.Spotify;

/// <summary>
/// Writes recommended tracks to the user's "EmoTune — Mood" playlist: resolves them on Spotify, then updates the
/// playlist of that name the user already owns (replacing its items) or creates it (<c>POST /me/playlists</c>, then
/// <c>POST /playlists/{id}/items</c>). Nothing is created when no track could be found.
/// </summary>
public sealed partial class SpotifyPlaylistService(SpotifyClient client, SpotifyTrackResolver resolver, TimeProvider time, ILogger<SpotifyPlaylistService> logger)
{
    /// <summary>The playlist name for <paramref name="mood"/>, e.g. "EmoTune — Happy".</summary>
    public static string PlaylistName(Emotion mood)
    {
        var name = mood.ToName();
        return "EmoTune — " + char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>Saves <paramref name="tracks"/> (at most 100) as <paramref name="profileId"/>'s playlist for <paramref name="mood"/>.</summary>
    public async Task<MoodPlaylistResult> SaveMoodPlaylistAsync(string profileId, Emotion mood, MoodStrategy strategy, IReadOnlyList<Track> tracks, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (tracks.Count > SpotifyClient.MaxItemsPerRequest)
        {
            throw new ArgumentException($"A mood playlist holds at most {SpotifyClient.MaxItemsPerRequest} tracks.", nameof(tracks));
        }

        var resolved = await resolver.ResolveAllAsync(profileId, tracks, ct);
        var matches = resolved.Where(r => r.Match is not null).Select(r => r.Match!).ToList();
        var unresolved = resolved.Where(r => r.Match is null).Select(r => r.Track.Id).ToList();
        if (matches.Count == 0)
        {
            return new MoodPlaylistResult(null, false, matches, unresolved);
        }

        var name = PlaylistName(mood);
        var me = await client.GetCurrentUserAsync(profileId, ct);
        var existing = (await client.GetMyPlaylistsAsync(profileId, ct: ct))
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal) && string.Equals(p.OwnerId, me.Id, StringComparison.Ordinal));
        var uris = matches.Select(m => m.Uri).Distinct(StringComparer.Ordinal).ToList();
        if (existing is not null)
        {
            await client.ReplacePlaylistItemsAsync(profileId, existing.Id, uris, ct);
            LogSaved(logger, profileId, existing.Id, uris.Count, false);
            return new MoodPlaylistResult(existing, false, matches, unresolved);
        }

        var description = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Made by EmoTune for a {mood.ToName()} mood ({strategy.ToString().ToLowerInvariant()}), {time.GetUtcNow():yyyy-MM-dd}.");
        var created = await client.CreatePlaylistAsync(profileId, name, description, isPublic: false, ct);
        await client.AddPlaylistItemsAsync(profileId, created.Id, uris, ct);
        LogSaved(logger, profileId, created.Id, uris.Count, true);
        return new MoodPlaylistResult(created, true, matches, unresolved);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Saved {Count} tracks to Spotify playlist {PlaylistId} of profile {ProfileId} (new: {Created})")]
    private static partial void LogSaved(ILogger logger, string profileId, string playlistId, int count, bool created);
}
