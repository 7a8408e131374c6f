using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using EmoTune.Music.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmoTune.Music.Spotify;

/// <summary>
/// Spotify tokens per profile in EmoTune's database (SQLite or PostgreSQL, table <c>spotify_tokens</c> of migration 5),
/// encrypted at rest with ASP.NET Core Data Protection (keys in <c>keys/</c> beside the SQLite file, or in Redis when
/// replicas share them). Expiry, scopes and display name are kept in clear: they are
/// what status and export show. Export never contains a token; delete removes them.
/// </summary>
public sealed class SpotifyTokenStore : IProfileDataStore
{
    /// <summary>The Data Protection purpose of the stored tokens; a different purpose cannot decrypt them.</summary>
    public const string ProtectionPurpose = "EmoTune.Music.Spotify.Tokens.v1";

    private readonly IEmoTuneDatabase _database;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>A store in the SQLite file at <paramref name="databasePath"/> (created when missing).</summary>
    public SpotifyTokenStore(string databasePath, IDataProtectionProvider protection, TimeProvider? time = null, ILogger<SpotifyTokenStore>? logger = null)
        : this(new SqliteDatabase(databasePath), protection, time, logger)
    {
    }

    /// <summary>A store in <paramref name="database"/>, which other stores share.</summary>
    public SpotifyTokenStore(IEmoTuneDatabase database, IDataProtectionProvider protection, TimeProvider? time = null, ILogger<SpotifyTokenStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(protection);
        _database = database;
        _protector = protection.CreateProtector(ProtectionPurpose);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SpotifyTokenStore>.Instance;
    }

    /// <inheritdoc />
    public string Name => "spotify";

    /// <summary>Stores (or replaces) <paramref name="profileId"/>'s tokens; a null <paramref name="displayName"/> keeps the known one.</summary>
    public async Task SaveAsync(string profileId, SpotifyTokens tokens, string? displayName = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        ArgumentNullException.ThrowIfNull(tokens);
        var secret = _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(new Secret(tokens.AccessToken, tokens.RefreshToken)));
        var now = Format(_time.GetUtcNow());
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO spotify_tokens (profile_id, secret, scopes, expires_utc, display_name, connected_utc, updated_utc)
            VALUES (@profileId, @secret, @scopes, @expires, @displayName, @now, @now)
            ON CONFLICT (profile_id) DO UPDATE SET
                secret = excluded.secret, scopes = excluded.scopes, expires_utc = excluded.expires_utc,
                display_name = COALESCE(excluded.display_name, spotify_tokens.display_name), updated_utc = excluded.updated_utc;
            """,
            new { profileId, secret, scopes = string.Join(' ', tokens.Scopes), expires = Format(tokens.ExpiresAt), displayName, now },
            cancellationToken: ct));
    }

    /// <summary>Sets the display name shown by status.</summary>
    public async Task SetDisplayNameAsync(string profileId, string displayName, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE spotify_tokens SET display_name = @displayName WHERE profile_id = @profileId;", new { profileId, displayName }, cancellationToken: ct));
    }

    /// <summary>
    /// The profile's tokens, or null when it has none. Tokens that no longer decrypt (the key ring was lost) count as
    /// none: the user connects again, which replaces them.
    /// </summary>
    public async Task<SpotifyTokens?> GetTokensAsync(string profileId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        var row = await ReadRowAsync(profileId, ct);
        if (row is null)
        {
            return null;
        }

        try
        {
            var secret = JsonSerializer.Deserialize<Secret>(_protector.Unprotect(row.Secret));
            return secret is null ? null : new SpotifyTokens(secret.A, secret.R, Parse(row.ExpiresUtc), SplitScopes(row.Scopes));
        }
        catch (CryptographicException)
        {
            _logger.LogWarning("Stored Spotify tokens of profile {ProfileId} cannot be decrypted (Data Protection keys changed); Spotify must be connected again", profileId);
            return null;
        }
    }

    /// <summary>What status shows: connected or not, display name, scopes, expiry; never a token.</summary>
    public async Task<SpotifyConnection> GetConnectionAsync(string profileId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        var row = await ReadRowAsync(profileId, ct);
        return row is null
            ? SpotifyConnection.None
            : new SpotifyConnection(true, row.DisplayName, SplitScopes(row.Scopes), Parse(row.ExpiresUtc), Parse(row.ConnectedUtc));
    }

    /// <inheritdoc />
    public async Task<object?> ExportAsync(string profileId, CancellationToken ct = default) => await GetConnectionAsync(profileId, ct);

    /// <inheritdoc />
    public async Task<int> DeleteAsync(string profileId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM spotify_tokens WHERE profile_id = @profileId;", new { profileId }, cancellationToken: ct));
    }

    private async Task<Row?> ReadRowAsync(string profileId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT secret AS Secret, scopes AS Scopes, expires_utc AS ExpiresUtc, display_name AS DisplayName, connected_utc AS ConnectedUtc FROM spotify_tokens WHERE profile_id = @profileId;",
            new { profileId },
            cancellationToken: ct));
    }

    private Task<DbConnection> OpenAsync(CancellationToken ct) => _database.OpenConnectionAsync(ct);

    private static string Format(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string at) => DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string[] SplitScopes(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private sealed record Secret(string A, string R);

    private sealed class Row
    {
        public byte[] Secret { get; init; } = [];

        public string Scopes { get; init; } = "";

        public string ExpiresUtc { get; init; } = "";

        public string? DisplayName { get; init; }

        public string ConnectedUtc { get; init; } = "";
    }
}
