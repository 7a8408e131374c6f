using System.Text.Json;

namespace EmoTune.Music.Spotify;

// The wire shapes of the accounts service and the Web API: snake_case JSON, read leniently (missing fields are null).

/// <summary>JSON settings for Spotify's snake_case bodies.</summary>
internal static class SpotifyJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

internal sealed record TokenResponseJson(string? AccessToken, string? TokenType, string? Scope, int ExpiresIn, string? RefreshToken);

internal sealed record AuthErrorJson(string? Error, string? ErrorDescription);

internal sealed record ApiErrorEnvelopeJson(ApiErrorJson? Error);

internal sealed record ApiErrorJson(int Status, string? Message);

internal sealed record UserJson(string? Id, string? DisplayName);

internal sealed record NameJson(string? Name);

internal sealed record IdJson(string? Id);

internal sealed record ExternalUrlsJson(string? Spotify);

internal sealed record TrackJson(string? Id, string? Name, string? Uri, IReadOnlyList<NameJson>? Artists, NameJson? Album)
{
    public SpotifyTrack? ToTrack() => Id is null || Uri is null
        ? null
        : new SpotifyTrack(Id, Name ?? "", Artists?.Select(a => a.Name ?? "").Where(n => n.Length > 0).ToList() ?? [], Album?.Name, Uri);
}

internal sealed record PagingJson<T>(IReadOnlyList<T?>? Items, string? Next, int Total);

internal sealed record SearchJson(PagingJson<TrackJson>? Tracks);

internal sealed record SavedTrackJson(TrackJson? Track);

internal sealed record PlaylistJson(string? Id, string? Name, IdJson? Owner, ExternalUrlsJson? ExternalUrls)
{
    public SpotifyPlaylist? ToPlaylist() => Id is null ? null : new SpotifyPlaylist(Id, Name ?? "", Owner?.Id, ExternalUrls?.Spotify);
}

internal sealed record SnapshotJson(string? SnapshotId);
