using EmoTune.Core.Moods;
using EmoTune.Music.Catalog;
using EmoTune.Music.Feedback;

namespace EmoTune.Music.Recommendation;

/// <summary>
/// Ranks tracks for a mood and a strategy: fit to the strategy's target region, re-ranked by Thompson sampling on
/// the listener's feedback in that mood, then thinned by the diversity rules. Pure apart from the caller's
/// <see cref="Random"/>; no I/O.
/// </summary>
/// <remarks>
/// Personalisation draws one like probability from each Beta posterior (track, artist and genre, in this mood;
/// Thompson 1933, Chapelle and Li 2011) and adds <c>PersonalWeight × (weighted draw − 0.5)</c> to the fit. Unknown
/// tracks, artists and genres draw from the uniform prior, which is the exploration; evidence narrows the draws.
/// </remarks>
public sealed class Recommender(MoodMap moods, RecommenderOptions options)
{
    /// <summary>The options in force.</summary>
    public RecommenderOptions Options => options;

    /// <summary>The target region for a request.</summary>
    public MusicTarget TargetFor(RecommendationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StrategyTargets.For(moods[request.Emotion], request.Strategy, request.Step, options);
    }

    /// <summary>
    /// The best <c>Count</c> (or <see cref="RecommenderOptions.ListSize"/>) tracks of <paramref name="tracks"/>,
    /// best first. <paramref name="feedback"/> is the profile's feedback in the request's mood; null ranks by fit alone.
    /// </summary>
    public IReadOnlyList<RecommendedTrack> Recommend(RecommendationRequest request, IReadOnlyList<Track> tracks, MoodFeedback? feedback, Random random)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(random);
        var target = TargetFor(request);
        var personal = feedback is not null && options.PersonalWeight > 0 ? new PreferenceDraws(feedback, options, random) : null;
        var scored = new List<RecommendedTrack>(tracks.Count);
        foreach (var track in tracks)
        {
            var fit = TrackFit.Score(TrackFit.Distance(track, target, options.TempoWeight));
            var score = personal is null ? fit : fit + (options.PersonalWeight * (personal.Draw(track) - 0.5));
            scored.Add(new RecommendedTrack(track, score, fit, ""));
        }

        scored.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(a.Track.Id, b.Track.Id);
        });
        var recent = request.RecentTrackIds.Take(options.RecentWindow).ToHashSet(StringComparer.Ordinal);
        var chosen = DiversityFilter.Select(scored, static r => r.Track, recent, options.MaxPerArtist, request.Count ?? options.ListSize);
        return chosen.Select(r => r with { Reason = ReasonWriter.Explain(target, r.Track, options, feedback) }).ToList();
    }

    /// <summary>One Thompson draw per track, artist and genre for one list, so that an artist's tracks share a draw.</summary>
    private sealed class PreferenceDraws(MoodFeedback feedback, RecommenderOptions options, Random random)
    {
        private readonly Dictionary<string, double> _artists = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, double> _genres = new(StringComparer.OrdinalIgnoreCase);
        private readonly double _totalWeight = options.TrackWeight + options.ArtistWeight + options.GenreWeight;

        public double Draw(Track track)
        {
            if (_totalWeight <= 0)
            {
                return 0.5;
            }

            var t = Sample(feedback.ForTrack(track.Id));
            var a = Cached(_artists, track.Artist, feedback.ForArtist);
            var g = Cached(_genres, track.Genre, feedback.ForGenre);
            return ((options.TrackWeight * t) + (options.ArtistWeight * a) + (options.GenreWeight * g)) / _totalWeight;
        }

        private double Cached(Dictionary<string, double> draws, string key, Func<string, FeedbackCounts> counts)
        {
            if (!draws.TryGetValue(key, out var draw))
            {
                draw = Sample(counts(key));
                draws[key] = draw;
            }

            return draw;
        }

        private double Sample(FeedbackCounts counts) => BetaSampler.SampleBeta(counts.Alpha, counts.Beta(options.DislikeWeight), random);
    }
}
