using EmoTune.Core.Emotions;
using EmoTune.Music.Feedback;
using EmoTune.Music.Recommendation;
using EmoTune.Web.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Hosting = EmoTune.Web.Hosting;

namespace EmoTune.Web.Apis;

/// <summary>
/// <c>GET /api/v1/recommendations</c> and <c>POST /api/v1/feedback</c>, for the request's profile: the one local
/// profile while EmoTune listens on loopback (its default), each signed-in person's own beyond it.
/// </summary>
public static class RecommendationsApi
{
    public const string LocalProfile = ProfileResolver.LocalProfile;

    public static IEndpointRouteBuilder MapRecommendationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireRateLimiting(Hosting.WebServiceCollectionExtensions.ApiRateLimit).RequireAuthorization(ProfileResolver.Policy).WithTags("Music");
        api.MapGet("/recommendations", RecommendAsync).WithName("Recommend").WithSummary("Tracks for a mood and strategy, with reasons");
        api.MapPost("/feedback", FeedbackAsync).DisableAntiforgery().WithName("Feedback").WithSummary("Record a like, skip or dislike of a recommended track");
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<TrackDto>>, ProblemHttpResult>> RecommendAsync(
        CurrentProfile profile, MusicRecommendationService music, IEnumerable<IMusicSource> sources, string emotion, string? strategy, int? limit, int? step, string? source, int? refresh, CancellationToken ct)
    {
        if (!RequestNames.TryParseEmotion(emotion, out var mood))
        {
            return Invalid($"emotion '{emotion}' is not one of {string.Join(", ", EmotionLabels.Names)}.");
        }

        if (!TryParseStrategy(strategy, out var how))
        {
            return Invalid($"strategy '{strategy}' is not one of {RequestNames.Of<MoodStrategy>()}.");
        }

        if (limit is < 1 or > 50)
        {
            return Invalid("limit must be within 1–50.");
        }

        // source: all (default), catalog, library (the local library, source name "local") or any other source's name.
        var names = sources.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var wanted = string.IsNullOrEmpty(source) || string.Equals(source, "all", StringComparison.OrdinalIgnoreCase) ? null
            : string.Equals(source, "library", StringComparison.OrdinalIgnoreCase) ? EmoTune.Music.Library.LibraryEntry.SourceName
            : source.ToLowerInvariant();
        if (wanted is not null && !names.Contains(wanted))
        {
            return Invalid($"source '{source}' is not one of all, library, {string.Join(", ", names.Order(StringComparer.Ordinal))}.");
        }

        var request = new RecommendationRequest(profile.Id, mood.Value, how)
        {
            Count = limit,
            Step = Math.Max(0, step ?? 0),
            Refresh = refresh ?? 0,
            Sources = wanted is null ? null : new HashSet<string>(StringComparer.Ordinal) { wanted },
        };
        var list = await music.RecommendAsync(request, ct);
        return TypedResults.Ok<IReadOnlyList<TrackDto>>(list.Select(TrackDto.From).ToList());
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> FeedbackAsync(
        CurrentProfile profile, MusicRecommendationService music, IEnumerable<IMusicSource> sources, FeedbackRequest body, CancellationToken ct)
    {
        if (!RequestNames.TryParseEmotion(body.Emotion, out var mood))
        {
            return Invalid($"emotion '{body.Emotion}' is not one of {string.Join(", ", EmotionLabels.Names)}.");
        }

        if (!TryParseStrategy(body.Strategy, out var how))
        {
            return Invalid($"strategy '{body.Strategy}' is not one of {RequestNames.Of<MoodStrategy>()}.");
        }

        if (!RequestNames.TryParse<FeedbackKind>(body.Kind, out var kind))
        {
            return Invalid($"kind '{body.Kind}' is not one of {RequestNames.Of<FeedbackKind>()}.");
        }

        foreach (var source in sources)
        {
            var track = (await source.GetTracksAsync(ct)).FirstOrDefault(t => string.Equals(t.Id, body.TrackId, StringComparison.Ordinal));
            if (track is not null)
            {
                await music.RecordAsync(profile.Id, track, mood.Value, how, kind, ct);
                return TypedResults.NoContent();
            }
        }

        return Invalid($"unknown track '{body.TrackId}'.");
    }

    private static bool TryParseStrategy(string? text, out MoodStrategy strategy)
    {
        strategy = MoodStrategy.Match;
        return string.IsNullOrEmpty(text) || RequestNames.TryParse(text, out strategy);
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    public sealed record FeedbackRequest(string TrackId, string Emotion, string? Strategy, string Kind);

    /// <param name="Audio">Where the page can play the track (local-library tracks only), else null.</param>
    public sealed record TrackDto(string Id, string Artist, string Title, int Year, string Genre, double Valence, double Energy, double Tempo, string Reason, string? Audio)
    {
        public static TrackDto From(RecommendedTrack r) =>
            new(r.Track.Id, r.Track.Artist, r.Track.Title, r.Track.Year, r.Track.Genre, r.Track.Valence, r.Track.Energy, r.Track.Tempo, r.Reason, LibraryApi.AudioUrl(r.Track.Id));
    }
}
