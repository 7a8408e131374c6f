using EmoTune.Core.Emotions;
using EmoTune.Core.Moods;
using EmoTune.Music.Catalog;
using EmoTune.Music.Feedback;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Simulation;

/// <summary>
/// Simulated listeners with hidden genre and artist tastes play recommended tracks and like, skip or dislike them;
/// the like rate over time shows whether personalisation learns. Every policy meets the same listeners in the same
/// moods, and the whole run is determined by <see cref="SimulationOptions.Seed"/>.
/// </summary>
public static class ListenerSimulation
{
    /// <summary>Runs every <see cref="SimulationPolicy"/> over the same listeners. Single-threaded.</summary>
    public static SimulationResult Run(IReadOnlyList<Track> tracks, MoodMap moods, RecommenderOptions recommenderOptions, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(moods);
        ArgumentNullException.ThrowIfNull(recommenderOptions);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (tracks.Count == 0)
        {
            throw new ArgumentException("The simulation needs tracks.", nameof(tracks));
        }

        var personalised = new Recommender(moods, recommenderOptions);
        var policies = Enum.GetValues<SimulationPolicy>();
        var buckets = (options.Steps + options.BucketSize - 1) / options.BucketSize;
        var likes = policies.ToDictionary(p => p, _ => new double[buckets]);
        var likesByStep = policies.ToDictionary(p => p, _ => new double[options.Steps]);
        var plays = new double[buckets];
        var seeds = new Random(options.Seed);
        for (var l = 0; l < options.Listeners; l++)
        {
            var listenerSeed = seeds.Next();
            var listener = SimulatedListener.Create(tracks, options, new Random(listenerSeed));
            var emotions = MoodSequence(options, new Random(unchecked(listenerSeed + 1)));
            for (var s = 0; s < options.Steps; s++)
            {
                plays[s / options.BucketSize]++;
            }

            foreach (var policy in policies)
            {
                var liked = Listen(policy, listener, emotions, tracks, personalised, options, listenerSeed);
                for (var s = 0; s < options.Steps; s++)
                {
                    likes[policy][s / options.BucketSize] += liked[s] ? 1 : 0;
                    likesByStep[policy][s] += liked[s] ? 1 : 0;
                }
            }
        }

        var results = policies
            .Select(p => new PolicyResult(p, likes[p].Sum() / plays.Sum(), likes[p].Select((n, b) => n / plays[b]).ToList())
            {
                LikeRateByStep = likesByStep[p].Select(n => n / options.Listeners).ToList(),
            })
            .ToList();
        return new SimulationResult(options, results);
    }

    /// <summary>
    /// Like-rate ceilings for the same listeners: per mood, the mean like probability of the
    /// <c>RecentWindow + 1</c> tracks (the fewest a policy can cycle through) ranked best by an oracle that reads the
    /// hidden tastes: all of them (<c>Full</c>) or only the genre and genre-in-mood parts (<c>GenreOnly</c>), with the
    /// mood fit. No learner can beat <c>Full</c>; one that learns genres but no artists is held near <c>GenreOnly</c>.
    /// </summary>
    public static (double Full, double GenreOnly) Ceilings(IReadOnlyList<Track> tracks, MoodMap moods, RecommenderOptions recommenderOptions, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(moods);
        ArgumentNullException.ThrowIfNull(recommenderOptions);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var recommender = new Recommender(moods, recommenderOptions);
        var keep = Math.Min(tracks.Count, recommenderOptions.RecentWindow + 1);
        var seeds = new Random(options.Seed);
        double full = 0, genreOnly = 0;
        for (var l = 0; l < options.Listeners; l++)
        {
            var listener = SimulatedListener.Create(tracks, options, new Random(seeds.Next()));
            foreach (var emotion in EmotionLabels.All)
            {
                var target = recommender.TargetFor(new RecommendationRequest("simulated", emotion, MoodStrategy.Match));
                var scored = tracks.Select(t =>
                {
                    var fit = TrackFit.Score(TrackFit.Distance(t, target, recommenderOptions.TempoWeight));
                    return (Like: listener.LikeProbability(t, emotion, fit), Genre: listener.GenreTaste(t, emotion) + (options.FitWeight * (fit - 0.5)));
                }).ToList();
                full += scored.OrderByDescending(x => x.Like).Take(keep).Average(x => x.Like);
                genreOnly += scored.OrderByDescending(x => x.Genre).Take(keep).Average(x => x.Like);
            }
        }

        var n = options.Listeners * EmotionLabels.Count;
        return (full / n, genreOnly / n);
    }

    private static bool[] Listen(
        SimulationPolicy policy,
        SimulatedListener listener,
        Emotion[] emotions,
        IReadOnlyList<Track> tracks,
        Recommender recommender,
        SimulationOptions options,
        int listenerSeed)
    {
        // The same reaction stream for every policy (common random numbers), so differences come from the choices.
        var reactions = new Random(unchecked(listenerSeed + 2));
        var choices = new Random(unchecked(listenerSeed + 3));
        var allMoods = new MoodFeedback();
        var feedback = EmotionLabels.All.ToDictionary(e => e, _ => new MoodFeedback { AllMoods = allMoods });
        var recent = new List<string>();
        var window = recommender.Options.RecentWindow;
        var liked = new bool[options.Steps];
        for (var s = 0; s < options.Steps; s++)
        {
            var emotion = emotions[s];
            var request = new RecommendationRequest("simulated", emotion, options.Strategy) { Step = s, RecentTrackIds = recent, Count = 1 };
            var track = policy switch
            {
                SimulationPolicy.Personalised => recommender.Recommend(request, tracks, feedback[emotion], choices)[0].Track,
                SimulationPolicy.Unpersonalised => recommender.Recommend(request, tracks, null, choices)[0].Track,
                _ => RandomTrack(tracks, recent.Take(window).ToHashSet(StringComparer.Ordinal), choices),
            };

            var fitToMood = TrackFit.Score(TrackFit.Distance(track, recommender.TargetFor(request with { Strategy = MoodStrategy.Match }), recommender.Options.TempoWeight));
            var kind = listener.React(track, emotion, fitToMood, reactions);
            liked[s] = kind == FeedbackKind.Like;
            feedback[emotion].Add(track.Id, track.Artist, track.Genre, kind);
            allMoods.Add(track.Id, track.Artist, track.Genre, kind);
            recent.Insert(0, track.Id);
            if (recent.Count > window)
            {
                recent.RemoveAt(recent.Count - 1);
            }
        }

        return liked;
    }

    private static Track RandomTrack(IReadOnlyList<Track> tracks, HashSet<string> recent, Random random)
    {
        while (true)
        {
            var track = tracks[random.Next(tracks.Count)];
            if (!recent.Contains(track.Id) || recent.Count >= tracks.Count)
            {
                return track;
            }
        }
    }

    private static Emotion[] MoodSequence(SimulationOptions options, Random random)
    {
        var emotions = new Emotion[options.Steps];
        var current = EmotionLabels.All[random.Next(EmotionLabels.Count)];
        for (var s = 0; s < options.Steps; s++)
        {
            if (s > 0 && random.NextDouble() >= options.MoodPersistence)
            {
                current = EmotionLabels.All[random.Next(EmotionLabels.Count)];
            }

            emotions[s] = current;
        }

        return emotions;
    }
}
