using EmoTune.Core.Emotions;
using EmoTune.Core.Moods;
using EmoTune.Music.Catalog;
using EmoTune.Music.Feedback;
using EmoTune.Music.Persistence;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Tests.Recommendation;

public sealed class MusicRecommendationServiceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private MusicRecommendationService CreateService(IReadOnlyList<Track> tracks, RecommenderOptions? options = null, params IMusicSource[] extraSources) =>
        new(
            [new FakeMusicSource("test", tracks), .. extraSources],
            new SqlFeedbackStore(_temp.File("feedback.db")),
            new Recommender(MoodMap.Default, options ?? new RecommenderOptions()),
            TimeProvider.System,
            new Random(17));

    [Fact]
    public async Task UnseededService_SameRequest_KeepsItsListUntilFeedbackOrRefresh()
    {
        var ct = TestContext.Current.CancellationToken;
        var service = new MusicRecommendationService(
            [new FakeMusicSource("test", TestTracks.Catalogue)], new SqlFeedbackStore(_temp.File("stable.db")), new Recommender(MoodMap.Default, new RecommenderOptions()), TimeProvider.System);
        var request = new RecommendationRequest("me", Emotion.Sad, MoodStrategy.Match) { Count = 8 };
        async Task<List<string>> IdsAsync(RecommendationRequest r) => [.. (await service.RecommendAsync(r, ct)).Select(t => t.Track.Id)];

        var first = await IdsAsync(request);
        var visits = new List<List<string>>();
        for (var i = 0; i < 5; i++)
        {
            visits.Add(await IdsAsync(request));
        }

        var refreshed = await IdsAsync(request with { Refresh = 1 });
        await service.RecordAsync("me", TestTracks.Catalogue.First(t => t.Id == first[3]), Emotion.Sad, MoodStrategy.Match, FeedbackKind.Skip, ct);
        var afterFeedback = await IdsAsync(request);

        Assert.All(visits, v => Assert.Equal(first, v));
        Assert.NotEqual(first, refreshed);
        Assert.NotEqual(first, afterFeedback);
        Assert.DoesNotContain(first[3], afterFeedback);
    }

    [Fact]
    public async Task SkippingAGenreInOneMood_ShowsLessOfItInThatMood_WhileLikesInAnotherMoodKeepItThere()
    {
        // The grid's four genres in one mood region. The listener skips rock while sad and likes it while happy: rock
        // should fade from sad lists and stay in happy ones. (Feedback from other moods is a prior, not a verdict: with
        // no happy evidence, sad skips would lower rock in happy lists too; see RecommenderOptions.OtherMoodWeight.)
        var tracks = TestTracks.Grid();
        var service = CreateService(tracks, new RecommenderOptions { ListSize = 10, MaxPerArtist = 1, RecentWindow = 0 });

        async Task<double> RockShareAsync(Emotion emotion)
        {
            var shown = new List<RecommendedTrack>();
            // Thompson sampling is random (seeded here), so the shares are estimated over many lists.
            for (var i = 0; i < 150; i++)
            {
                shown.AddRange(await service.RecommendAsync(new RecommendationRequest("alice", emotion, MoodStrategy.Match)));
            }

            return shown.Average(r => r.Track.Genre == "rock" ? 1.0 : 0.0);
        }

        var sadBefore = await RockShareAsync(Emotion.Sad);
        var happyBefore = await RockShareAsync(Emotion.Happy);
        var rocks = tracks.Where(t => t.Genre == "rock").ToList();
        foreach (var rock in rocks.Take(25))
        {
            await service.RecordAsync("alice", rock, Emotion.Sad, MoodStrategy.Match, FeedbackKind.Skip);
        }

        foreach (var rock in rocks.Skip(25).Take(10))
        {
            await service.RecordAsync("alice", rock, Emotion.Happy, MoodStrategy.Match, FeedbackKind.Like);
        }

        var sadAfter = await RockShareAsync(Emotion.Sad);
        var happyAfter = await RockShareAsync(Emotion.Happy);

        Assert.True(sadAfter < sadBefore * 0.6, $"sad rock share {sadAfter:F3} after skips, {sadBefore:F3} before");
        Assert.True(happyAfter > happyBefore, $"happy rock share {happyAfter:F3} after happy likes and sad skips, {happyBefore:F3} before");
    }

    [Fact]
    public async Task SkippingAGenreInOneMood_WithNoEvidenceElsewhere_LowersItLessInOtherMoods()
    {
        // Other moods' feedback enters a mood's posteriors as a prior: two sad skips say something about happy lists,
        // but less than about sad ones.
        var tracks = TestTracks.Grid();
        var service = CreateService(tracks, new RecommenderOptions { ListSize = 10, MaxPerArtist = 1, RecentWindow = 0 });
        var rocks = tracks.Where(t => t.Genre == "rock").ToList();
        foreach (var rock in rocks.Take(2))
        {
            await service.RecordAsync("alice", rock, Emotion.Sad, MoodStrategy.Match, FeedbackKind.Skip);
        }

        async Task<double> RockShareAsync(Emotion emotion)
        {
            var shown = new List<RecommendedTrack>();
            for (var i = 0; i < 150; i++)
            {
                shown.AddRange(await service.RecommendAsync(new RecommendationRequest("alice", emotion, MoodStrategy.Match)));
            }

            return shown.Average(r => r.Track.Genre == "rock" ? 1.0 : 0.0);
        }

        var sad = await RockShareAsync(Emotion.Sad);
        var happy = await RockShareAsync(Emotion.Happy);

        Assert.True(sad < happy, $"rock share {sad:F3} in the mood it was skipped in, {happy:F3} in another");
    }

    [Fact]
    public async Task RecentPlaysFromTheStore_AreNotRecommendedAgain()
    {
        var tracks = TestTracks.Grid();
        var service = CreateService(tracks, new RecommenderOptions { ListSize = 5, RecentWindow = 50, PersonalWeight = 0 });
        var first = await service.RecommendAsync(new RecommendationRequest("alice", Emotion.Sad, MoodStrategy.Match));
        foreach (var r in first)
        {
            await service.RecordAsync("alice", r.Track, Emotion.Sad, MoodStrategy.Match, FeedbackKind.Like);
        }

        var second = await service.RecommendAsync(new RecommendationRequest("alice", Emotion.Sad, MoodStrategy.Match));
        var othersFirst = await service.RecommendAsync(new RecommendationRequest("bob", Emotion.Sad, MoodStrategy.Match));

        Assert.Empty(second.Select(r => r.Track.Id).Intersect(first.Select(r => r.Track.Id)));
        Assert.Equal(first.Select(r => r.Track.Id), othersFirst.Select(r => r.Track.Id));
    }

    [Fact]
    public async Task TracksFromSeveralSources_AreMerged_FirstSourceWinsOnTheSameId()
    {
        var shared = TestTracks.Create("shared", 0.2, 0.3, artist: "x");
        var other = TestTracks.Create("other", 0.2, 0.3, artist: "y");
        var service = CreateService([shared], new RecommenderOptions { PersonalWeight = 0 }, new FakeMusicSource("more", [shared with { Title = "shadow" }, other]));

        var list = await service.RecommendAsync(new RecommendationRequest("alice", Emotion.Sad, MoodStrategy.Match));

        Assert.Equal(2, list.Count);
        Assert.Contains(list, r => r.Track.Title == "shared");
        Assert.DoesNotContain(list, r => r.Track.Title == "shadow");
    }
}
