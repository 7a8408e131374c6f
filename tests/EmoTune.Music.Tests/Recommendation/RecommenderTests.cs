using EmoTune.Core.Emotions;
using EmoTune.Core.Moods;
using EmoTune.Music.Catalog;
using EmoTune.Music.Feedback;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Tests.Recommendation;

public sealed class RecommenderTests
{
    private static Recommender CreateRecommender(RecommenderOptions? options = null) => new(MoodMap.Default, options ?? new RecommenderOptions());

    private static RecommendationRequest CreateRequest(Emotion emotion = Emotion.Sad, MoodStrategy strategy = MoodStrategy.Match, int step = 0) =>
        new("me", emotion, strategy) { Step = step };

    [Fact]
    public void Match_Sad_RecommendsLowValenceLowEnergyWithReasons()
    {
        var list = CreateRecommender().Recommend(CreateRequest(Emotion.Sad), TestTracks.Catalogue, null, new Random(1));

        Assert.Equal(10, list.Count);
        Assert.All(list, r =>
        {
            Assert.True(r.Track.Valence < 0.45, $"{r.Track.Title}: valence {r.Track.Valence}");
            Assert.True(r.Track.Energy < 0.5, $"{r.Track.Title}: energy {r.Track.Energy}");
            Assert.StartsWith("matches your sad mood: ", r.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(list.OrderByDescending(r => r.Score).Select(r => r.Track.Id), list.Select(r => r.Track.Id));
    }

    [Fact]
    public void Lift_SuccessiveLists_MoveTowardPositiveValenceStepByStep()
    {
        var recommender = CreateRecommender();
        var means = Enumerable.Range(0, 5)
            .Select(step => recommender.Recommend(CreateRequest(Emotion.Sad, MoodStrategy.Lift, step), TestTracks.Catalogue, null, new Random(1)).Average(r => r.Track.Valence))
            .ToList();

        for (var step = 1; step < means.Count; step++)
        {
            Assert.True(means[step] > means[step - 1], $"step {step}: mean valence {means[step]:F3} is not above {means[step - 1]:F3}");
        }

        Assert.True(means[^1] > 0.65, $"the last step ends at {means[^1]:F3}");
    }

    [Fact]
    public void Lift_ReasonNamesEachTracksPlaceInThePlan()
    {
        var list = CreateRecommender().Recommend(CreateRequest(Emotion.Sad, MoodStrategy.Lift, 1), TestTracks.Catalogue, null, new Random(1));

        Assert.StartsWith("lifts your sad mood toward happy (track 2 of 5): ", list[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("lifts your sad mood toward happy (track 3 of 5): ", list[1].Reason, StringComparison.Ordinal);
        Assert.All(list.Skip(3), r => Assert.StartsWith("lifts your sad mood toward happy (track 5 of 5): ", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Lift_FromTheStart_OneListWalksFromTheMoodTowardBrighterTracks()
    {
        var list = CreateRecommender().Recommend(CreateRequest(Emotion.Sad, MoodStrategy.Lift, 0), TestTracks.Catalogue, null, new Random(1));

        Assert.StartsWith("lifts your sad mood toward happy (track 1 of 5): ", list[0].Reason, StringComparison.Ordinal);
        Assert.True(list[4].Track.Valence > list[0].Track.Valence + 0.3, $"valence {list[0].Track.Valence:F2} to {list[4].Track.Valence:F2}");
        Assert.Equal(list.Count, list.Select(r => r.Track.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(Emotion.Angry)]
    [InlineData(Emotion.Fear)]
    [InlineData(Emotion.Surprise)]
    public void Calm_RecommendsLowerEnergyThanMatch(Emotion emotion)
    {
        var recommender = CreateRecommender();

        var match = recommender.Recommend(CreateRequest(emotion, MoodStrategy.Match), TestTracks.Catalogue, null, new Random(1));
        var calm = recommender.Recommend(CreateRequest(emotion, MoodStrategy.Calm), TestTracks.Catalogue, null, new Random(1));

        Assert.True(calm.Average(r => r.Track.Energy) < match.Average(r => r.Track.Energy) - 0.3);
        Assert.All(calm, r => Assert.StartsWith($"calms your {emotion.ToName()}", r.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Emotion.Surprise, "matches your surprise (excited) mood: ")]
    [InlineData(Emotion.Sad, "matches your sad mood: ")]
    [InlineData(Emotion.Disgust, "matches your disgust (irritated) mood: ")]
    public void Reason_NamesTheMoodAsThePageDoes(Emotion emotion, string expected)
    {
        var list = CreateRecommender().Recommend(CreateRequest(emotion), TestTracks.Catalogue, null, new Random(1));

        Assert.All(list, r => Assert.StartsWith(expected, r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Reason_NeutralMatch_DescribesTheTrack()
    {
        var track = TestTracks.Create("quiet", valence: 0.5, energy: 0.3, tempo: 80);

        var only = Assert.Single(CreateRecommender().Recommend(CreateRequest(Emotion.Neutral), [track], null, new Random(1)));

        Assert.Equal("matches your neutral (calm) mood: low energy, mid valence", only.Reason);
    }

    [Fact]
    public void Recommend_RecentlyPlayedWithinWindow_Excluded_OlderAllowed()
    {
        var options = new RecommenderOptions { RecentWindow = 2, ListSize = 3, TempoWeight = 0 };
        var sadCentre = MoodMap.Default[Emotion.Sad].Centre;
        var best = TestTracks.Create("best", sadCentre.Valence, sadCentre.Arousal, artist: "a");
        var second = TestTracks.Create("second", sadCentre.Valence + 0.01, sadCentre.Arousal, artist: "b");
        var third = TestTracks.Create("third", sadCentre.Valence + 0.02, sadCentre.Arousal, artist: "c");
        var far = TestTracks.Create("far", 0.9, 0.9, artist: "d");
        Track[] tracks = [far, third, second, best];

        // best and second were the last two plays; third was played before them, outside the window of 2.
        var list = CreateRecommender(options).Recommend(
            CreateRequest(Emotion.Sad) with { RecentTrackIds = [best.Id, second.Id, third.Id] }, tracks, null, new Random(1));

        Assert.Equal(["third", "far"], list.Select(r => r.Track.Title));
    }

    [Fact]
    public void Recommend_AtMostMaxPerArtist()
    {
        var options = new RecommenderOptions { MaxPerArtist = 2, ListSize = 10 };
        var tracks = Enumerable.Range(0, 20).Select(i => TestTracks.Create($"t{i}", 0.2, 0.3, artist: i < 15 ? "Adele" : $"other{i}")).ToList();

        var list = CreateRecommender(options).Recommend(CreateRequest(), tracks, null, new Random(1));

        Assert.Equal(7, list.Count);
        Assert.Equal(2, list.Count(r => r.Track.Artist == "Adele"));
    }

    [Fact]
    public void Recommend_SameSeed_SameList()
    {
        var feedback = new MoodFeedback();
        feedback.Add(TestTracks.Catalogue[0].Id, TestTracks.Catalogue[0].Artist, TestTracks.Catalogue[0].Genre, FeedbackKind.Like, 3);
        var recommender = CreateRecommender();

        var first = recommender.Recommend(CreateRequest(), TestTracks.Catalogue, feedback, new Random(42));
        var second = recommender.Recommend(CreateRequest(), TestTracks.Catalogue, feedback, new Random(42));

        Assert.Equal(first.Select(r => r.Track.Id), second.Select(r => r.Track.Id));
    }

    [Fact]
    public void Personalisation_SkippedGenre_AppearsLess()
    {
        var tracks = TestTracks.Grid();
        var recommender = CreateRecommender(new RecommenderOptions { ListSize = 10, MaxPerArtist = 1 });
        var feedback = new MoodFeedback();
        foreach (var rock in tracks.Where(t => t.Genre == "rock").Take(30))
        {
            feedback.Add(rock.Id, rock.Artist, rock.Genre, FeedbackKind.Skip);
        }

        double RockShare(MoodFeedback? evidence) => Enumerable.Range(0, 100)
            .SelectMany(seed => recommender.Recommend(CreateRequest(), tracks, evidence, new Random(seed)))
            .Average(r => r.Track.Genre == "rock" ? 1.0 : 0.0);

        var before = RockShare(new MoodFeedback());
        var after = RockShare(feedback);

        Assert.True(after < before / 2, $"rock share {after:F3} after 30 skips, {before:F3} before");
    }

    [Fact]
    public void Personalisation_LikedArtist_RisesAndIsNamedInTheReason()
    {
        // Twenty pop tracks fit a little better than Nick Drake's; pop has mixed feedback, Nick Drake and folk were liked.
        var options = new RecommenderOptions { TempoWeight = 0, ListSize = 10 };
        var sad = MoodMap.Default[Emotion.Sad].Centre;
        var tracks = Enumerable.Range(0, 20).Select(i => TestTracks.Create($"pop{i}", sad.Valence + 0.10, sad.Arousal, artist: $"pop artist {i}", genre: "pop")).ToList();
        var liked = TestTracks.Create("liked", sad.Valence + 0.11, sad.Arousal, artist: "Nick Drake", genre: "folk");
        tracks.Add(liked);
        var feedback = new MoodFeedback();
        feedback.Add("test:nick-drake/other", "Nick Drake", "folk", FeedbackKind.Like, 8);
        feedback.Add("test:someone/pop", "someone", "pop", FeedbackKind.Like, 10);
        feedback.Add("test:someone/pop", "someone", "pop", FeedbackKind.Skip, 10);
        var recommender = CreateRecommender(options);

        var withoutFeedback = Enumerable.Range(0, 50).Count(seed => recommender.Recommend(CreateRequest(), tracks, null, new Random(seed)).Any(r => r.Track == liked));
        var lists = Enumerable.Range(0, 50).Select(seed => recommender.Recommend(CreateRequest(), tracks, feedback, new Random(seed))).ToList();
        var withFeedback = lists.Count(l => l.Any(r => r.Track == liked));

        Assert.Equal(0, withoutFeedback);
        Assert.True(withFeedback >= 40, $"in {withFeedback} of 50 lists");
        Assert.EndsWith("; you liked Nick Drake in this mood", lists.SelectMany(l => l).First(r => r.Track == liked).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Personalisation_Off_RanksByFitAlone()
    {
        var feedback = new MoodFeedback();
        var best = TestTracks.Catalogue.OrderBy(t => t.Valence).First();
        feedback.Add(best.Id, best.Artist, best.Genre, FeedbackKind.Dislike, 50);
        var recommender = CreateRecommender(new RecommenderOptions { PersonalWeight = 0 });

        var with = recommender.Recommend(CreateRequest(), TestTracks.Catalogue, feedback, new Random(1));
        var without = recommender.Recommend(CreateRequest(), TestTracks.Catalogue, null, new Random(2));

        Assert.Equal(without.Select(r => r.Track.Id), with.Select(r => r.Track.Id));
    }

    [Fact]
    public void Recommend_WithoutFeedback_IsExactlyTheFitRanking()
    {
        var recommender = CreateRecommender(new RecommenderOptions { ListSize = 10, MaxPerArtist = 100 });
        var target = recommender.TargetFor(CreateRequest());

        var list = recommender.Recommend(CreateRequest(), TestTracks.Catalogue, null, new Random(1));

        var expected = TestTracks.Catalogue
            .OrderByDescending(t => TrackFit.Score(TrackFit.Distance(t, target, recommender.Options.TempoWeight)))
            .ThenBy(t => t.Id, StringComparer.Ordinal)
            .Take(10);
        Assert.Equal(expected.Select(t => t.Id), list.Select(r => r.Track.Id));
    }

    [Fact]
    public void Personalisation_LikedArtist_IsNotDrownedByManyUnheardArtists()
    {
        // 200 unheard pop artists fit the sad mood exactly; the one pop artist liked six times fits a little worse, and
        // pop as a whole went half and half. Unheard artists share their genre's draw instead of each drawing from the
        // uniform prior, whose luckiest of 200 draws would win almost every list.
        var options = new RecommenderOptions { TempoWeight = 0, ListSize = 1 };
        var sad = MoodMap.Default[Emotion.Sad].Centre;
        var tracks = Enumerable.Range(0, 200).Select(i => TestTracks.Create($"t{i}", sad.Valence, sad.Arousal, artist: $"unheard {i}", genre: "pop")).ToList();
        var known = TestTracks.Create("new song", sad.Valence + 0.05, sad.Arousal, artist: "Known", genre: "pop");
        tracks.Add(known);
        var feedback = new MoodFeedback();
        feedback.Add("test:known/older-song", "Known", "pop", FeedbackKind.Like, 6);
        feedback.Add("test:someone/pop", "someone", "pop", FeedbackKind.Like, 10);
        feedback.Add("test:someone/pop", "someone", "pop", FeedbackKind.Skip, 16);
        var recommender = CreateRecommender(options);

        var first = Enumerable.Range(0, 50).Count(seed => recommender.Recommend(CreateRequest(), tracks, feedback, new Random(seed))[0].Track == known);

        Assert.True(first >= 40, $"first in {first} of 50 lists");
    }
}
