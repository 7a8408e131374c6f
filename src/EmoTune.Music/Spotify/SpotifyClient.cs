using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmoTune.Music.Spotify;

/// <summary>
/// The Spotify Web API calls EmoTune makes, for one profile at a time. A typed <see cref="HttpClient"/> from
/// <c>IHttpClientFactory</c>; tokens come from <see cref="SpotifyTokenProvider"/> (refreshed before expiry, and once
/// on a 401); retries of 429 and 5xx answers are <see cref="SpotifyResilience"/>'s pipeline on the HTTP client.
/// </summary>
/// <remarks>
/// Endpoints as documented after the February 2026 development-mode changes
/// (developer.spotify.com/documentation/web-api/references/changes/february-2026 and
/// …/tutorials/february-2026-migration-guide): playlists are created with <c>POST /me/playlists</c> (the
/// <c>/users/{id}/playlists</c> form is removed), their contents live under <c>/playlists/{id}/items</c> (not
/// <c>/tracks</c>), search <c>limit</c> is at most 10. Recommendations, audio features and audio analysis were withdrawn
/// from new apps in November 2024 and are never called.
/// </remarks>
public sealed partial class SpotifyClient(HttpClient http, SpotifyTokenProvider tokens, SpotifyAccountsClient accounts, SpotifyTokenStore store, IOptions<SpotifyOptions> options, TimeProvider time, ILogger<SpotifyClient> logger)
{
    /// <summary>Most tracks one playlist request may carry.</summary>
    public const int MaxItemsPerRequest = 100;

    private static readonly string[] TimeRanges = ["short_term", "medium_term", "long_term"];

    /// <summary>
    /// Finishes a sign-in: exchanges the code for tokens, stores them encrypted for <paramref name="profileId"/> and
    /// records the account's display name. Returns the Spotify user.
    /// </summary>
    public async Task<SpotifyUser> ConnectAsync(string profileId, string code, string verifier, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        var fresh = await accounts.ExchangeCodeAsync(code, verifier, ct);
        await store.SaveAsync(profileId, fresh, displayName: null, ct);
        SpotifyUser user;
        try
        {
            user = await GetCurrentUserAsync(profileId, ct);
        }
        catch (SpotifyException)
        {
            // Tokens Spotify will not serve (e.g. an account not added to a development-mode app) are not a connection.
            await store.DeleteAsync(profileId, CancellationToken.None);
            throw;
        }

        await store.SetDisplayNameAsync(profileId, user.DisplayName ?? user.Id, ct);
        LogConnected(logger, profileId);
        return user;
    }

    /// <summary><c>GET /me</c>: the signed-in user.</summary>
    public async Task<SpotifyUser> GetCurrentUserAsync(string profileId, CancellationToken ct = default)
    {
        var user = await SendAsync<UserJson>(profileId, HttpMethod.Get, "me", null, ct);
        return user?.Id is { } id ? new SpotifyUser(id, user.DisplayName) : throw new SpotifyException("Spotify's /me answer has no user id.", 200);
    }

    /// <summary><c>GET /search?type=track</c>; <paramref name="limit"/> is clamped to 1–10 (Spotify's development-mode cap).</summary>
    public async Task<IReadOnlyList<SpotifyTrack>> SearchTracksAsync(string profileId, string query, int limit = SpotifyOptions.MaxSearchLimit, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        limit = Math.Clamp(limit, 1, SpotifyOptions.MaxSearchLimit);
        var page = await SendAsync<SearchJson>(profileId, HttpMethod.Get, Invariant($"search?q={Uri.EscapeDataString(query)}&type=track&limit={limit}"), null, ct);
        return Tracks(page?.Tracks?.Items);
    }

    /// <summary><c>GET /me/top/tracks</c>: the user's most played tracks over <paramref name="timeRange"/> (short_term, medium_term, long_term).</summary>
    public async Task<IReadOnlyList<SpotifyTrack>> GetTopTracksAsync(string profileId, int limit = 20, string timeRange = "medium_term", CancellationToken ct = default)
    {
        if (!TimeRanges.Contains(timeRange, StringComparer.Ordinal))
        {
            throw new ArgumentException($"timeRange '{timeRange}' is not one of {string.Join(", ", TimeRanges)}.", nameof(timeRange));
        }

        var page = await SendAsync<PagingJson<TrackJson>>(profileId, HttpMethod.Get, Invariant($"me/top/tracks?limit={Math.Clamp(limit, 1, 50)}&time_range={timeRange}"), null, ct);
        return Tracks(page?.Items);
    }

    /// <summary><c>GET /me/tracks</c>: the user's saved ("liked") tracks, newest first.</summary>
    public async Task<IReadOnlyList<SpotifyTrack>> GetSavedTracksAsync(string profileId, int limit = 20, int offset = 0, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var page = await SendAsync<PagingJson<SavedTrackJson>>(profileId, HttpMethod.Get, Invariant($"me/tracks?limit={Math.Clamp(limit, 1, 50)}&offset={offset}"), null, ct);
        return Tracks(page?.Items?.Select(i => i?.Track));
    }

    /// <summary><c>GET /me/playlists</c>, every page (at most <paramref name="maxPlaylists"/> playlists).</summary>
    public async Task<IReadOnlyList<SpotifyPlaylist>> GetMyPlaylistsAsync(string profileId, int maxPlaylists = 1000, CancellationToken ct = default)
    {
        var playlists = new List<SpotifyPlaylist>();
        for (var offset = 0; offset < maxPlaylists; offset += 50)
        {
            var page = await SendAsync<PagingJson<PlaylistJson>>(profileId, HttpMethod.Get, Invariant($"me/playlists?limit=50&offset={offset}"), null, ct);
            playlists.AddRange(page?.Items?.Select(p => p?.ToPlaylist()).OfType<SpotifyPlaylist>() ?? []);
            if (page?.Next is null || page.Items is not { Count: > 0 })
            {
                break;
            }
        }

        return playlists;
    }

    /// <summary><c>POST /me/playlists</c>: a new playlist of the current user (private unless <paramref name="isPublic"/>).</summary>
    public async Task<SpotifyPlaylist> CreatePlaylistAsync(string profileId, string name, string description, bool isPublic = false, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var created = await SendAsync<PlaylistJson>(profileId, HttpMethod.Post, "me/playlists", new { name, description, @public = isPublic }, ct);
        return created?.ToPlaylist() ?? throw new SpotifyException("Spotify created a playlist but its answer has no id.", 201);
    }

    /// <summary><c>PUT /playlists/{id}/items</c>: replaces the playlist's contents with <paramref name="uris"/> (at most 100).</summary>
    public Task ReplacePlaylistItemsAsync(string profileId, string playlistId, IReadOnlyList<string> uris, CancellationToken ct = default) =>
        SendAsync<SnapshotJson>(profileId, HttpMethod.Put, PlaylistItems(playlistId, uris), new { uris }, ct);

    /// <summary><c>POST /playlists/{id}/items</c>: appends <paramref name="uris"/> (at most 100).</summary>
    public Task AddPlaylistItemsAsync(string profileId, string playlistId, IReadOnlyList<string> uris, CancellationToken ct = default) =>
        SendAsync<SnapshotJson>(profileId, HttpMethod.Post, PlaylistItems(playlistId, uris), new { uris }, ct);

    private static string PlaylistItems(string playlistId, IReadOnlyList<string> uris)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(playlistId);
        ArgumentNullException.ThrowIfNull(uris);
        if (uris.Count > MaxItemsPerRequest || uris.Any(u => !u.StartsWith("spotify:", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"A playlist request takes at most {MaxItemsPerRequest} Spotify URIs (spotify:track:…).", nameof(uris));
        }

        return $"playlists/{Uri.EscapeDataString(playlistId)}/items";
    }

    private async Task<T?> SendAsync<T>(string profileId, HttpMethod method, string relativeUrl, object? body, CancellationToken ct)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        if (!options.Value.IsConfigured)
        {
            throw new SpotifyNotConfiguredException();
        }

        var url = new Uri(SpotifyAccountsClient.WithSlash(options.Value.ApiBaseUrl), relativeUrl);
        var token = await tokens.GetAccessTokenAsync(profileId, ct);
        for (var refreshed = false; ; refreshed = true)
        {
            // 429 and 5xx retries happen below, in the HTTP client's pipeline (SpotifyResilience).
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, options: SpotifyJson.Options);
            }

            using var response = await SendOnceAsync(http, request, options.Value.RequestTimeout, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshed)
            {
                token = await tokens.RefreshAsync(profileId, token, ct);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw new SpotifyRateLimitedException(SpotifyResilience.RetryAfter(response, time));
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, method, url, ct);
            }

            return await ReadJsonAsync<T>(response, $"{method.Method} {url.AbsolutePath}", ct);
        }
    }

    /// <summary>Sends once; an unreachable Spotify or a timeout becomes a <see cref="SpotifyException"/> saying so.</summary>
    internal static async Task<HttpResponseMessage> SendOnceAsync(HttpClient http, HttpRequestMessage request, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new SpotifyException($"Spotify could not be reached ({request.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)}): {e.Message}", e);
        }
        catch (Exception e) when (e is Polly.Timeout.TimeoutRejectedException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new SpotifyException(Invariant($"Spotify did not answer {request.Method} {request.RequestUri?.AbsolutePath} within {timeout.TotalSeconds} s."), e);
        }
    }

    /// <summary>Reads a JSON body (null when empty); unreadable JSON becomes a <see cref="SpotifyException"/>.</summary>
    internal static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, string call, CancellationToken ct)
        where T : class
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<T>(text, SpotifyJson.Options);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new SpotifyException($"Spotify's answer to {call} is not the JSON expected ({e.Message}).", e);
        }
    }

    private static async Task<SpotifyException> ErrorAsync(HttpResponseMessage response, HttpMethod method, Uri url, CancellationToken ct)
    {
        string? message = null;
        try
        {
            message = (await response.Content.ReadFromJsonAsync<ApiErrorEnvelopeJson>(SpotifyJson.Options, ct))?.Error?.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not Spotify's JSON error shape; the status says enough.
        }

        var status = (int)response.StatusCode;
        var hint = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => " Spotify rejected the access token even after a refresh: connect Spotify again.",
            HttpStatusCode.Forbidden => " In development mode only users added to the app in the Spotify dashboard (at most 5) may use it, and the app owner needs Premium.",
            _ => "",
        };
        return new SpotifyException(Invariant($"Spotify answered {status} to {method.Method} {url.AbsolutePath}{(message is null ? "" : ": " + message)}.{hint}"), status);
    }

    private static List<SpotifyTrack> Tracks(IEnumerable<TrackJson?>? items) =>
        items?.Select(t => t?.ToTrack()).OfType<SpotifyTrack>().ToList() ?? [];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected Spotify for profile {ProfileId}")]
    private static partial void LogConnected(ILogger logger, string profileId);
}
