using System.Collections.Concurrent;
using System.Text;
using EmoTune.Music.Catalog;

namespace EmoTune.Music.Spotify;

/// <summary>
/// Finds the Spotify track of an EmoTune catalogue track by search, accepting a hit only when certain: one of its
/// artists is the track's artist and its name is the title (or the title followed by a version note such as
/// "- Remastered 2011"), compared on lower-cased letters and digits (accents count: Spotify spells names as released). Answers, found or not, are remembered per track id in the
/// shared <see cref="MatchCache"/> (the resolver itself is as short-lived as its typed HTTP client).
/// </summary>
public sealed class SpotifyTrackResolver(SpotifyClient client, SpotifyTrackResolver.MatchCache cache)
{
    private const int Candidates = 5;
    private readonly ConcurrentDictionary<string, SpotifyTrackMatch?> _known = cache.Matches;

    /// <summary>The Spotify match of <paramref name="track"/>, or null when search finds none for certain.</summary>
    public async Task<SpotifyTrackMatch?> ResolveAsync(string profileId, Track track, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (_known.TryGetValue(track.Id, out var known))
        {
            return known;
        }

        var hits = await client.SearchTracksAsync(profileId, Query(track), Candidates, ct);
        var hit = hits.FirstOrDefault(h => IsMatch(track, h));
        var match = hit is null ? null : new SpotifyTrackMatch(track.Id, hit.Id, hit.Uri);
        _known[track.Id] = match;
        return match;
    }

    /// <summary>Resolves <paramref name="tracks"/> one after another (kind to Spotify's rate limit), in order.</summary>
    public async Task<IReadOnlyList<(Track Track, SpotifyTrackMatch? Match)>> ResolveAllAsync(string profileId, IEnumerable<Track> tracks, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var results = new List<(Track, SpotifyTrackMatch?)>();
        foreach (var track in tracks)
        {
            results.Add((track, await ResolveAsync(profileId, track, ct)));
        }

        return results;
    }

    /// <summary>The search query for <paramref name="track"/>: Spotify's field filters <c>track:</c> and <c>artist:</c>.</summary>
    public static string Query(Track track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return $"track:{Clean(track.Title)} artist:{Clean(track.Artist)}";
    }

    /// <summary>True when <paramref name="hit"/> is certainly <paramref name="track"/>.</summary>
    public static bool IsMatch(Track track, SpotifyTrack hit)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(hit);
        var artist = Letters(track.Artist);
        var title = Letters(track.Title);
        return title.Length > 0
            && hit.Artists.Any(a => string.Equals(Letters(a), artist, StringComparison.Ordinal))
            && (string.Equals(Letters(hit.Name), title, StringComparison.Ordinal) || IsTitleWithVersionNote(hit.Name, track.Title));
    }

    private static bool IsTitleWithVersionNote(string name, string title)
    {
        foreach (var separator in new[] { " - ", " (", " [" })
        {
            var at = name.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && string.Equals(Letters(name[..at]), Letters(title), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Clean(string text) => text.Replace("\"", "", StringComparison.Ordinal).Replace(":", " ", StringComparison.Ordinal).Trim();

    private static string Letters(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>Resolved (and unresolvable) tracks by EmoTune id, shared by every resolver of the app.</summary>
    public sealed class MatchCache
    {
        internal ConcurrentDictionary<string, SpotifyTrackMatch?> Matches { get; } = new(StringComparer.Ordinal);
    }
}
