using System.Security.Cryptography;
using System.Text;
using EmoTune.Core.Emotions;
using EmoTune.Music.Catalog;
using EmoTune.Music.Recommendation;
using EmoTune.Music.Spotify;
using EmoTune.Web.Profiles;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Hosting = EmoTune.Web.Hosting;

namespace EmoTune.Web.Apis;

/// <summary>
/// <c>/api/v1/spotify</c>: sign-in with Authorization Code + PKCE (login, callback), status, disconnect, and saving
/// recommendations as an "EmoTune — Mood" playlist. The PKCE verifier and the CSRF state travel only in an encrypted,
/// HttpOnly, ten-minute cookie bound to this browser; tokens stay in the server's encrypted store and never reach the page.
/// </summary>
public static class SpotifyApi
{
    public const string FlowCookie = "emotune_spotify_signin";
    private const string BasePath = "/api/v1/spotify";
    private const string FlowPurpose = "EmoTune.Web.Spotify.SignIn.v1";
    private const int MaxTracks = 50;
    private static readonly TimeSpan FlowLifetime = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapSpotifyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath).RequireRateLimiting(Hosting.WebServiceCollectionExtensions.ApiRateLimit).WithTags("Spotify");
        var mine = api.MapGroup("").RequireAuthorization(ProfileResolver.Policy);
        mine.MapGet("/status", StatusAsync).WithName("SpotifyStatus").WithSummary("Whether Spotify is configured and connected, and as whom (never a token)");
        mine.MapPost("/disconnect", DisconnectAsync).AddEndpointFilter(SameOriginOnly).DisableAntiforgery()
            .WithName("SpotifyDisconnect").WithSummary("Forget this profile's Spotify tokens");

        var configured = mine.MapGroup("").AddEndpointFilter(RequireConfigured);
        configured.MapGet("/login", Login).WithName("SpotifyLogin").WithSummary("Redirect to Spotify's sign-in (Authorization Code with PKCE)");
        configured.MapPost("/playlists", SavePlaylistAsync).AddEndpointFilter(SameOriginOnly).DisableAntiforgery()
            .WithName("SpotifyPlaylist").WithSummary("Create or update the \"EmoTune — Mood\" playlist from recommended tracks");
        configured.MapPost("/resolve", ResolveAsync).AddEndpointFilter(SameOriginOnly).DisableAntiforgery()
            .WithName("SpotifyResolve").WithSummary("Find catalogue tracks on Spotify (for the embed player)");

        // Spotify's redirect back is a cross-site navigation, which never carries the SameSite=Strict sign-in cookie:
        // the callback needs no sign-in, and the profile comes from the encrypted flow cookie that /login set for it.
        api.MapGroup("").AddEndpointFilter(RequireConfigured)
            .MapGet("/callback", CallbackAsync).WithName("SpotifyCallback").WithSummary("Spotify redirects here after sign-in");
        return app;
    }

    // One place decides whose Spotify this is: the local profile on loopback, the signed-in account beyond it.
    private static string ProfileOf(HttpContext context) =>
        context.RequestServices.GetRequiredService<ProfileResolver>().Resolve(context)?.Id
        ?? throw new InvalidOperationException($"{context.Request.Path} needs the '{ProfileResolver.Policy}' policy.");

    internal static async Task<Ok<StatusDto>> StatusAsync(HttpContext context, IOptions<SpotifyOptions> options, SpotifyTokenStore store, CancellationToken ct)
    {
        if (!options.Value.IsConfigured)
        {
            return TypedResults.Ok(new StatusDto(false, false, null, []));
        }

        var connection = await store.GetConnectionAsync(ProfileOf(context), ct);
        return TypedResults.Ok(new StatusDto(true, connection.Connected, connection.DisplayName, connection.Scopes));
    }

    internal static RedirectHttpResult Login(HttpContext context, SpotifyAccountsClient accounts, IDataProtectionProvider protection)
    {
        var auth = accounts.CreateAuthorization();
        var flow = string.Join('\n', auth.State, auth.Verifier, ProfileOf(context));
        context.Response.Cookies.Append(FlowCookie, Protector(protection).Protect(flow, FlowLifetime), FlowCookieOptions(context));
        return TypedResults.Redirect(auth.Url.AbsoluteUri);
    }

    internal static async Task<Results<RedirectHttpResult, ProblemHttpResult>> CallbackAsync(
        HttpContext context, SpotifyClient client, IDataProtectionProvider protection, ILogger<SpotifyClient> logger, string? code, string? state, string? error, CancellationToken ct)
    {
        var cookie = context.Request.Cookies[FlowCookie];
        context.Response.Cookies.Delete(FlowCookie, FlowCookieOptions(context));
        string[] flow;
        try
        {
            flow = cookie is null ? [] : Protector(protection).Unprotect(cookie).Split('\n');
        }
        catch (CryptographicException)
        {
            flow = [];
        }

        if (flow.Length != 3)
        {
            return Invalid("This Spotify sign-in is unknown or expired (it lasts 10 minutes and belongs to the browser that started it): choose Connect Spotify again.");
        }

        if (state is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(state), Encoding.UTF8.GetBytes(flow[0])))
        {
            return Invalid("The state Spotify sent back does not match this browser's sign-in, so it was refused (a forged or stale request): choose Connect Spotify again.");
        }

        var signedIn = context.RequestServices.GetRequiredService<ProfileResolver>().Resolve(context)?.Id;
        if (signedIn is not null && !string.Equals(flow[2], signedIn, StringComparison.Ordinal))
        {
            return Invalid("This Spotify sign-in was started for another profile: choose Connect Spotify again.");
        }

        if (!string.IsNullOrEmpty(error))
        {
            return TypedResults.Redirect("/?spotify=denied");
        }

        if (string.IsNullOrEmpty(code))
        {
            return Invalid("Spotify sent back neither a code nor an error.");
        }

        try
        {
            await client.ConnectAsync(flow[2], code, flow[1], ct);
        }
        catch (SpotifyException e) when (e is not SpotifyRateLimitedException and not SpotifyNotConfiguredException)
        {
            // Back to the page, which explains; the reason goes to the server log (it never holds a token).
            logger.LogWarning("Spotify sign-in failed: {Reason}", e.Message);
            return TypedResults.Redirect("/?spotify=failed");
        }

        return TypedResults.Redirect("/?spotify=connected");
    }

    internal static async Task<NoContent> DisconnectAsync(HttpContext context, SpotifyTokenStore store, CancellationToken ct)
    {
        await store.DeleteAsync(ProfileOf(context), ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<PlaylistDto>, ProblemHttpResult>> SavePlaylistAsync(
        HttpContext context, PlaylistRequest body, MusicRecommendationService music, IEnumerable<IMusicSource> sources, SpotifyPlaylistService playlists, CancellationToken ct)
    {
        if (!RequestNames.TryParseEmotion(body.Emotion, out var mood))
        {
            return Invalid($"emotion '{body.Emotion}' is not one of {string.Join(", ", EmotionLabels.Names)}.");
        }

        var strategy = MoodStrategy.Match;
        if (!string.IsNullOrEmpty(body.Strategy) && !RequestNames.TryParse(body.Strategy, out strategy))
        {
            return Invalid($"strategy '{body.Strategy}' is not one of {RequestNames.Of<MoodStrategy>()}.");
        }

        var profile = ProfileOf(context);
        IReadOnlyList<Track> tracks;
        if (body.TrackIds is { Count: > 0 } ids)
        {
            var (found, problem) = await FindTracksAsync(sources, ids, ct);
            if (problem is not null)
            {
                return problem;
            }

            tracks = found;
        }
        else
        {
            var list = await music.RecommendAsync(new RecommendationRequest(profile, mood.Value, strategy), ct);
            tracks = list.Select(r => r.Track).ToList();
        }

        var result = await playlists.SaveMoodPlaylistAsync(profile, mood.Value, strategy, tracks, ct);
        if (result.Playlist is null)
        {
            return TypedResults.Problem(
                $"None of the {tracks.Count} tracks could be found on Spotify with certainty, so no playlist was written.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Nothing to save");
        }

        return TypedResults.Ok(new PlaylistDto(
            result.Playlist.Id,
            result.Playlist.Name,
            result.Playlist.Url,
            result.Created,
            result.Matches.Select(m => new MatchDto(m.TrackId, m.SpotifyId)).ToList(),
            result.UnresolvedTrackIds));
    }

    internal static async Task<Results<Ok<IReadOnlyList<MatchDto>>, ProblemHttpResult>> ResolveAsync(
        HttpContext context, ResolveRequest body, IEnumerable<IMusicSource> sources, SpotifyTrackResolver resolver, CancellationToken ct)
    {
        var (tracks, problem) = await FindTracksAsync(sources, body.TrackIds ?? [], ct);
        if (problem is not null)
        {
            return problem;
        }

        var resolved = await resolver.ResolveAllAsync(ProfileOf(context), tracks, ct);
        return TypedResults.Ok<IReadOnlyList<MatchDto>>(resolved.Select(r => new MatchDto(r.Track.Id, r.Match?.SpotifyId)).ToList());
    }

    private static async Task<(IReadOnlyList<Track> Tracks, ProblemHttpResult? Problem)> FindTracksAsync(IEnumerable<IMusicSource> sources, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count is 0 or > MaxTracks)
        {
            return ([], Invalid($"trackIds must name 1–{MaxTracks} tracks."));
        }

        var known = new Dictionary<string, Track>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var track in await source.GetTracksAsync(ct))
            {
                known.TryAdd(track.Id, track);
            }
        }

        var unknown = ids.Where(id => !known.ContainsKey(id)).ToList();
        return unknown.Count > 0
            ? ([], Invalid($"unknown track{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Take(5))}."))
            : (ids.Distinct(StringComparer.Ordinal).Select(id => known[id]).ToList(), null);
    }

    private static async ValueTask<object?> RequireConfigured(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.RequestServices.GetRequiredService<IOptions<SpotifyOptions>>().Value.IsConfigured
            ? await next(context)
            : TypedResults.Problem(new SpotifyNotConfiguredException().Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Spotify not configured");

    // A state-changing call from another site's page (a plain cross-site form post) is refused.
    private static async ValueTask<object?> SameOriginOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.Headers["Sec-Fetch-Site"].ToString() is "" or "same-origin" or "none"
            ? await next(context)
            : TypedResults.Problem("Spotify changes are accepted from EmoTune's own page only.", statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request");

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection) =>
        protection.CreateProtector(FlowPurpose).ToTimeLimitedDataProtector();

    private static CookieOptions FlowCookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,

        // Lax: the cookie must come back on Spotify's top-level redirect to the callback, and on nothing cross-site else.
        SameSite = SameSiteMode.Lax,
        Path = BasePath,
        MaxAge = FlowLifetime,
        IsEssential = true,
    };

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    public sealed record StatusDto(bool Configured, bool Connected, string? DisplayName, IReadOnlyList<string> Scopes);

    public sealed record PlaylistRequest(string Emotion, string? Strategy, IReadOnlyList<string>? TrackIds);

    public sealed record ResolveRequest(IReadOnlyList<string>? TrackIds);

    public sealed record MatchDto(string TrackId, string? SpotifyId);

    public sealed record PlaylistDto(string Id, string Name, string? Url, bool Created, IReadOnlyList<MatchDto> Tracks, IReadOnlyList<string> Unresolved);
}
