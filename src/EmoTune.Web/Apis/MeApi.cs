using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EmoTune.Core.Emotions;
using EmoTune.Music.Feedback;
using EmoTune.Music.Persistence;
using EmoTune.Web.Profiles;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmoTune.Web.Apis;

/// <summary>
/// The current profile's own data: <c>GET /api/v1/me/data</c> (export, a JSON download with a part per
/// <see cref="IProfileDataStore"/>), <c>DELETE /api/v1/me/data</c> (every store, then the account, and signs out) and
/// <c>GET /api/v1/me/history</c> (feedback, newest first).
/// </summary>
public static class MeApi
{
    public const int DefaultHistoryLimit = 50;
    public const int MaxHistoryLimit = 200;

    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/me")
            .RequireAuthorization(ProfileResolver.Policy)
            .RequireRateLimiting(Hosting.WebServiceCollectionExtensions.ApiRateLimit)
            .WithTags("My data");
        api.MapGet("/data", ExportAsync).WithName("ExportMyData").WithSummary("Everything EmoTune keeps about you, as a JSON download");
        api.MapDelete("/data", DeleteAsync).WithName("DeleteMyData").WithSummary("Delete everything EmoTune keeps about you (and your account)");
        api.MapGet("/history", HistoryAsync).WithName("History").WithSummary("Your likes, skips and dislikes, newest first");
        return app;
    }

    internal static async Task<FileContentHttpResult> ExportAsync(
        CurrentProfile profile, IEnumerable<IProfileDataStore> stores, ProfileResolver profiles, AccountStore accounts, TimeProvider time, CancellationToken ct)
    {
        var data = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var store in stores)
        {
            if (!data.TryAdd(store.Name, await store.ExportAsync(profile.Id, ct)))
            {
                throw new InvalidOperationException($"Two profile data stores are both named '{store.Name}'.");
            }
        }

        var account = profiles.SignInRequired ? await accounts.FindAsync(profile.Id, ct) : null;
        var now = time.GetUtcNow();
        var document = new DataExport(new ProfileInfo(profile.Id, account?.UserName, profiles.SignInRequired, account?.CreatedAt), now, data);
        var name = string.Create(CultureInfo.InvariantCulture, $"emotune-my-data-{now:yyyy-MM-dd}.json");
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(document, ExportJson), "application/json", name);
    }

    internal static async Task<Ok<DeletionResult>> DeleteAsync(
        HttpContext context, CurrentProfile profile, IEnumerable<IProfileDataStore> stores, ProfileResolver profiles, AccountStore accounts, CancellationToken ct)
    {
        var removed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var store in stores)
        {
            removed[store.Name] = await store.DeleteAsync(profile.Id, ct);
        }

        // The account goes last: if a store fails, the user can still sign in and try again.
        var signedOut = false;
        if (profiles.SignInRequired)
        {
            removed["account"] = await accounts.DeleteAsync(profile.Id, ct);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            signedOut = true;
        }

        return TypedResults.Ok(new DeletionResult(profile.Id, removed, signedOut));
    }

    internal static async Task<Results<Ok<HistoryPage>, ProblemHttpResult>> HistoryAsync(
        CurrentProfile profile, IFeedbackStore feedback, int? limit, long? before, CancellationToken ct)
    {
        if (limit is < 1 or > MaxHistoryLimit)
        {
            return TypedResults.Problem($"limit must be within 1–{MaxHistoryLimit}.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        if (before is < 1)
        {
            return TypedResults.Problem("before must be a positive event id.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        var count = limit ?? DefaultHistoryLimit;

        // One more than asked tells whether an older page exists.
        var entries = await feedback.GetHistoryAsync(profile.Id, count + 1, before, ct);
        var items = entries.Take(count).Select(HistoryItem.From).ToList();
        return TypedResults.Ok(new HistoryPage(items, entries.Count > count ? items[^1].Id : null));
    }

    public sealed record ProfileInfo(string Id, string? UserName, bool SignInRequired, DateTimeOffset? CreatedAt);

    public sealed record DataExport(ProfileInfo Profile, DateTimeOffset ExportedAt, IReadOnlyDictionary<string, object?> Data);

    public sealed record DeletionResult(string ProfileId, IReadOnlyDictionary<string, int> Removed, bool SignedOut);

    /// <summary>A page of history; <paramref name="NextBefore"/> fetches the next (older) page, null at the end.</summary>
    public sealed record HistoryPage(IReadOnlyList<HistoryItem> Items, long? NextBefore);

    public sealed record HistoryItem(long Id, string TrackId, string Title, string Artist, string Genre, string Emotion, string Strategy, string Kind, DateTimeOffset At)
    {
        public static HistoryItem From(FeedbackHistoryEntry entry)
        {
            var e = entry.Event;
            return new HistoryItem(
                entry.Id,
                e.TrackId,
                e.Title,
                e.Artist,
                e.Genre,
                e.Emotion.ToName(),
                e.Strategy.ToString().ToLowerInvariant(),
                e.Kind.ToString().ToLowerInvariant(),
                e.At);
        }
    }
}
