using EmoTune.Music.Catalog;

namespace EmoTune.Music.Recommendation;

/// <summary>The diversity rules, as a pure function over an already ranked list.</summary>
public static class DiversityFilter
{
    /// <summary>
    /// Walks <paramref name="ranked"/> best first and keeps up to <paramref name="count"/> items, skipping any track
    /// whose id is in <paramref name="excludedIds"/> (recently played), any track already kept, and any track whose
    /// artist (ignoring case) already has <paramref name="maxPerArtist"/> tracks in the list.
    /// </summary>
    public static IReadOnlyList<T> Select<T>(IEnumerable<T> ranked, Func<T, Track> trackOf, IReadOnlySet<string> excludedIds, int maxPerArtist, int count)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(trackOf);
        ArgumentNullException.ThrowIfNull(excludedIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerArtist, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var kept = new List<T>(count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var perArtist = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in ranked)
        {
            if (kept.Count == count)
            {
                break;
            }

            var track = trackOf(item);
            if (excludedIds.Contains(track.Id) || !ids.Add(track.Id))
            {
                continue;
            }

            var n = perArtist.GetValueOrDefault(track.Artist);
            if (n >= maxPerArtist)
            {
                continue;
            }

            perArtist[track.Artist] = n + 1;
            kept.Add(item);
        }

        return kept;
    }
}
