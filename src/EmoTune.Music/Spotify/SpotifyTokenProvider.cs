using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmoTune.Music.Spotify;

/// <summary>
/// Hands out a valid access token per profile: refreshes it shortly before it expires, and again when Spotify answers
/// 401 for it. Refreshes of one profile are serialised, because Spotify may rotate the refresh token: two refreshes
/// racing with the same old token would lose the connection. A refresh refused with <c>invalid_grant</c> (revoked
/// access) removes the stored tokens and reports "not connected".
/// </summary>
public sealed partial class SpotifyTokenProvider(SpotifyTokenStore store, SpotifyAccountsClient accounts, IOptions<SpotifyOptions> options, TimeProvider time, ILogger<SpotifyTokenProvider> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>A valid access token for <paramref name="profileId"/>, refreshed first when it expires soon.</summary>
    public async Task<string> GetAccessTokenAsync(string profileId, CancellationToken ct = default)
    {
        var tokens = await store.GetTokensAsync(profileId, ct) ?? throw new SpotifyNotConnectedException();
        return ExpiresSoon(tokens) ? await RefreshAsync(profileId, tokens.AccessToken, ct) : tokens.AccessToken;
    }

    /// <summary>
    /// Refreshes <paramref name="profileId"/>'s access token unless another caller already replaced
    /// <paramref name="staleAccessToken"/> with a fresh one; returns the valid token.
    /// </summary>
    public async Task<string> RefreshAsync(string profileId, string staleAccessToken, CancellationToken ct = default)
    {
        var gate = _gates.GetOrAdd(profileId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var tokens = await store.GetTokensAsync(profileId, ct) ?? throw new SpotifyNotConnectedException();
            if (!string.Equals(tokens.AccessToken, staleAccessToken, StringComparison.Ordinal) && !ExpiresSoon(tokens))
            {
                return tokens.AccessToken;
            }

            SpotifyTokens fresh;
            try
            {
                fresh = await accounts.RefreshAsync(tokens, ct);
            }
            catch (SpotifyException e) when (string.Equals(e.Error, "invalid_grant", StringComparison.Ordinal))
            {
                await store.DeleteAsync(profileId, ct);
                LogRevoked(logger, profileId);
                throw new SpotifyNotConnectedException("Spotify no longer accepts EmoTune's access for this profile (revoked or expired): connect Spotify again.", e);
            }

            await store.SaveAsync(profileId, fresh, displayName: null, ct);
            LogRefreshed(logger, profileId, fresh.ExpiresAt, !string.Equals(fresh.RefreshToken, tokens.RefreshToken, StringComparison.Ordinal));
            return fresh.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    private bool ExpiresSoon(SpotifyTokens tokens) => tokens.ExpiresAt - options.Value.RefreshBeforeExpiry <= time.GetUtcNow();

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed Spotify access of profile {ProfileId}, valid until {ExpiresAt}; refresh token rotated: {Rotated}")]
    private static partial void LogRefreshed(ILogger logger, string profileId, DateTimeOffset expiresAt, bool rotated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spotify refused to refresh the access of profile {ProfileId}; its tokens were removed")]
    private static partial void LogRevoked(ILogger logger, string profileId);
}
