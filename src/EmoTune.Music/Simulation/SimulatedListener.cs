using EmoTune.Core.Emotions;
using EmoTune.Music.Catalog;
using EmoTune.Music.Feedback;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Simulation;

/// <summary>
/// A listener with hidden tastes: a log-odds liking for each genre (plus a part that depends on the mood) and for
/// each artist, and a preference for music that fits the mood. The recommender never sees these tastes, only the
/// reactions.
/// </summary>
public sealed class SimulatedListener
{
    private readonly Dictionary<string, double> _genreTaste;
    private readonly Dictionary<(string Genre, Emotion Emotion), double> _moodGenreTaste;
    private readonly Dictionary<string, double> _artistTaste;
    private readonly SimulationOptions _options;

    private SimulatedListener(
        Dictionary<string, double> genreTaste,
        Dictionary<(string, Emotion), double> moodGenreTaste,
        Dictionary<string, double> artistTaste,
        SimulationOptions options)
    {
        _genreTaste = genreTaste;
        _moodGenreTaste = moodGenreTaste;
        _artistTaste = artistTaste;
        _options = options;
    }

    /// <summary>Draws a listener's tastes for every genre and artist of <paramref name="tracks"/>.</summary>
    public static SimulatedListener Create(IReadOnlyList<Track> tracks, SimulationOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        var genres = tracks.Select(t => t.Genre).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var artists = tracks.Select(t => t.Artist).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var genreTaste = genres.ToDictionary(g => g, _ => options.GenreTasteSpread * BetaSampler.SampleStandardNormal(random), StringComparer.Ordinal);
        var moodGenreTaste = new Dictionary<(string, Emotion), double>();
        foreach (var genre in genres)
        {
            foreach (var emotion in EmotionLabels.All)
            {
                moodGenreTaste[(genre, emotion)] = options.MoodGenreTasteSpread * BetaSampler.SampleStandardNormal(random);
            }
        }

        var artistTaste = artists.ToDictionary(a => a, _ => options.ArtistTasteSpread * BetaSampler.SampleStandardNormal(random), StringComparer.Ordinal);
        return new SimulatedListener(genreTaste, moodGenreTaste, artistTaste, options);
    }

    /// <summary>The hidden log-odds taste for <paramref name="track"/> in <paramref name="emotion"/>, before mood fit.</summary>
    public double Taste(Track track, Emotion emotion)
    {
        ArgumentNullException.ThrowIfNull(track);
        return _genreTaste.GetValueOrDefault(track.Genre)
            + _moodGenreTaste.GetValueOrDefault((track.Genre, emotion))
            + _artistTaste.GetValueOrDefault(track.Artist);
    }

    /// <summary>The hidden log-odds taste for the genre of <paramref name="track"/> in <paramref name="emotion"/>, without the artist part.</summary>
    public double GenreTaste(Track track, Emotion emotion)
    {
        ArgumentNullException.ThrowIfNull(track);
        return _genreTaste.GetValueOrDefault(track.Genre) + _moodGenreTaste.GetValueOrDefault((track.Genre, emotion));
    }

    /// <summary>Probability of a like: the logistic of bias + taste + <c>FitWeight × (fit − 0.5)</c>.</summary>
    public double LikeProbability(Track track, Emotion emotion, double fit)
    {
        var logit = _options.Bias + Taste(track, emotion) + (_options.FitWeight * (fit - 0.5));
        return 1 / (1 + Math.Exp(-logit));
    }

    /// <summary>Likes with <see cref="LikeProbability"/>; otherwise skips, or sometimes dislikes a track it has a negative taste for.</summary>
    public FeedbackKind React(Track track, Emotion emotion, double fit, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (random.NextDouble() < LikeProbability(track, emotion, fit))
        {
            return FeedbackKind.Like;
        }

        return Taste(track, emotion) < 0 && random.NextDouble() < _options.DislikeShare ? FeedbackKind.Dislike : FeedbackKind.Skip;
    }
}
