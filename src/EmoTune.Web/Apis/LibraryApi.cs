using EmoTune.Music.Library;
using EmoTune.Web.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Hosting = EmoTune.Web.Hosting;

namespace EmoTune.Web.Apis;

/// <summary>
/// <c>GET /api/v1/library/tracks</c> (the indexed local tracks, without paths) and
/// <c>GET /api/v1/library/tracks/{id}/audio</c> (the file itself, with HTTP range support, only from allowed folders).
/// </summary>
public static class LibraryApi
{
    public static IEndpointRouteBuilder MapLibraryApi(this IEndpointRouteBuilder app)
    {
        // Beyond loopback only signed-in people may list or play the indexed files.
        var api = app.MapGroup("/api/v1/library").RequireAuthorization(ProfileResolver.Policy).WithTags("Library");
        api.MapGet("/tracks", ListAsync).RequireRateLimiting(Hosting.WebServiceCollectionExtensions.ApiRateLimit)
            .WithName("LibraryTracks").WithSummary("The indexed local tracks with their measured features (no file paths)");

        // Not a request rate (an <audio> element issues a range request per seek and buffer refill) but a cap on the
        // responses in flight per client, so that one client cannot hold hundreds of file streams open.
        api.MapGet("/tracks/{id}/audio", AudioAsync).RequireRateLimiting(Hosting.WebServiceCollectionExtensions.AudioStreamLimit)
            .WithName("LibraryTrackAudio").WithSummary("A local track's audio, with HTTP range requests, from indexed folders only");
        return app;
    }

    /// <summary>The URL the page plays a local track from, or null for tracks of other sources.</summary>
    public static string? AudioUrl(string trackId) =>
        trackId.StartsWith(LibraryEntry.SourceName + ":", StringComparison.Ordinal) ? $"/api/v1/library/tracks/{Uri.EscapeDataString(trackId)}/audio" : null;

    internal static async Task<Ok<IReadOnlyList<LibraryTrackDto>>> ListAsync(SqliteLibraryStore store, CancellationToken ct)
    {
        var entries = await store.GetEntriesAsync(includeFailed: false, ct);
        return TypedResults.Ok<IReadOnlyList<LibraryTrackDto>>(entries.Where(e => e.Features is not null).Select(LibraryTrackDto.From).ToList());
    }

    internal static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> AudioAsync(LibraryAudioLocator locator, string id, CancellationToken ct)
    {
        var audio = await locator.FindAsync(id, ct);
        return audio is null
            ? TypedResults.Problem($"no playable local track '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : TypedResults.PhysicalFile(audio.Path, audio.ContentType, enableRangeProcessing: true, lastModified: File.GetLastWriteTimeUtc(audio.Path));
    }

    public sealed record LibraryTrackDto(
        string Id, string Title, string Artist, string? Album, string Genre, int Year, double DurationSeconds, double Tempo, string Key, double Valence, double Energy, string Audio)
    {
        public static LibraryTrackDto From(LibraryEntry e)
        {
            var t = LibraryMusicSource.ToTrack(e);
            return new(t.Id, t.Title, t.Artist, e.Tags.Album, t.Genre, t.Year, e.DurationSeconds, t.Tempo, e.Features!.Key.Name, t.Valence, t.Energy, AudioUrl(t.Id)!);
        }
    }
}
