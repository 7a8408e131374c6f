using EmoTune.Core.Emotions;
using EmoTune.Music.Catalog;
using EmoTune.Music.Feedback;

namespace EmoTune.Music.Recommendation;

/// <summary>
/// The app-facing entry point: gathers tracks from every <see cref="IMusicSource"/>, the profile's recent plays and
/// feedback from the <see cref="IFeedbackStore"/>, and asks the <see cref="Recommender"/>. Thompson sampling draws from
/// a <see cref="Random"/> seeded by the request and the profile's recent feedback (<see cref="ListSeed"/>), unless a
/// seeded <see cref="Random"/> is given (tests), which is then used under a lock.
/// </summary>
/// <remarks>
/// Seeded per request so that a list stays put: the same mood, strategy and sources gave a different list on every
/// visit, which read as noise. The list changes when the listener's feedback does (the recent plays are in the seed),
/// on a refresh (<see cref="RecommendationRequest.Refresh"/>) or with the mood; exploration still happens, one new draw
/// per piece of feedback.
/// </remarks>
public sealed class MusicRecommendationService(IEnumerable<IMusicSource> sources, IFeedbackStore store, Recommender recommender, TimeProvider time, Random? random = null)
{
    private readonly Lock _randomGate = new();
    private volatile MergedTracks? _merged;

    /// <summary>
    /// Recommends for <paramref name="request"/>. When the request names no recent tracks, the profile's last
    /// <see cref="RecommenderOptions.RecentWindow"/> plays from the store are excluded.
    /// </summary>
    public async Task<IReadOnlyList<RecommendedTrack>> RecommendAsync(RecommendationRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tracks = await GetTracksAsync(request.Sources, ct);
        var options = recommender.Options;
        if (request.RecentTrackIds.Count == 0 && options.RecentWindow > 0)
        {
            request = request with { RecentTrackIds = await store.GetRecentTrackIdsAsync(request.ProfileId, options.RecentWindow, ct) };
        }

        var feedback = options.PersonalWeight > 0 ? await store.GetMoodFeedbackAsync(request.ProfileId, request.Emotion, ct) : null;
        if (random is null)
        {
            return recommender.Recommend(request, tracks, feedback, new Random(ListSeed(request)));
        }

        lock (_randomGate)
        {
            return recommender.Recommend(request, tracks, feedback, random);
        }
    }

    /// <summary>
    /// The tracks of every source (or of the <paramref name="wanted"/> ones), the first source winning on a shared id.
    /// The merged list is kept while every source hands back the same list instance as last time (the catalogue always
    /// does), so a 10,000-track library is not re-hashed for every recommendation; a source that returns a new list gets
    /// a new merge.
    /// </summary>
    private async Task<IReadOnlyList<Track>> GetTracksAsync(IReadOnlySet<string>? wanted, CancellationToken ct)
    {
        var lists = new List<IReadOnlyList<Track>>();
        foreach (var source in sources)
        {
            if (wanted is { Count: > 0 } && !wanted.Contains(source.Name))
            {
                continue;
            }

            lists.Add(await source.GetTracksAsync(ct));
        }

        if (lists.Count == 1)
        {
            return lists[0];
        }

        var cached = _merged;
        if (cached is not null && cached.Sources.Count == lists.Count && cached.Sources.Zip(lists).All(p => ReferenceEquals(p.First, p.Second)))
        {
            return cached.Tracks;
        }

        var tracks = new List<Track>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            foreach (var track in list)
            {
                if (ids.Add(track.Id))
                {
                    tracks.Add(track);
                }
            }
        }

        _merged = new MergedTracks(lists, tracks);
        return tracks;
    }

    /// <summary>
    /// A seed from everything that makes a list: profile, emotion, strategy, step, count, sources, refresh and the
    /// recent plays (so new feedback gives a new draw). FNV-1a over the invariant text, stable across processes (unlike
    /// <see cref="string.GetHashCode()"/>), so a list also survives a restart of EmoTune.
    /// </summary>
    public static int ListSeed(RecommendationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sources = request.Sources is null ? "" : string.Join(',', request.Sources.Order(StringComparer.Ordinal));
        var text = string.Join(
            '\n',
            request.ProfileId,
            request.Emotion.ToString(),
            request.Strategy.ToString(),
            request.Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (request.Count ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            request.Refresh.ToString(System.Globalization.CultureInfo.InvariantCulture),
            sources,
            string.Join(',', request.RecentTrackIds));
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (int)(hash ^ (hash >> 32));
    }

    private sealed record MergedTracks(IReadOnlyList<IReadOnlyList<Track>> Sources, IReadOnlyList<Track> Tracks);

    /// <summary>Records a like, skip or dislike of <paramref name="track"/>, stamped with the current UTC time.</summary>
    public Task RecordAsync(string profileId, Track track, Emotion emotion, MoodStrategy strategy, FeedbackKind kind, CancellationToken ct = default) =>
        store.AddAsync(FeedbackEvent.For(profileId, track, emotion, strategy, kind, time.GetUtcNow()), ct);
}
