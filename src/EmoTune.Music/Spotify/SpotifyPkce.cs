using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace EmoTune.Music.Spotify;

/// <summary>Proof Key for Code Exchange (RFC 7636) with the S256 method, and the random <c>state</c> value.</summary>
/// <remarks>
/// As Spotify documents it (developer.spotify.com/documentation/web-api/tutorials/code-pkce-flow): the verifier is
/// 43–128 characters of letters, digits, <c>-._~</c>; the challenge is base64url(SHA-256(verifier)) without padding.
/// </remarks>
public static class SpotifyPkce
{
    /// <summary>RFC 7636's unreserved characters, the only ones a verifier may contain.</summary>
    public const string UnreservedCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    /// <summary>Shortest verifier RFC 7636 allows.</summary>
    public const int MinVerifierLength = 43;

    /// <summary>Longest verifier RFC 7636 allows.</summary>
    public const int MaxVerifierLength = 128;

    /// <summary>A new verifier of <paramref name="length"/> characters drawn uniformly by a cryptographic generator.</summary>
    public static string CreateVerifier(int length = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinVerifierLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxVerifierLength);
        return RandomNumberGenerator.GetString(UnreservedCharacters, length);
    }

    /// <summary>True when <paramref name="verifier"/> has a valid length and only unreserved characters.</summary>
    public static bool IsValidVerifier(string? verifier) =>
        verifier is { Length: >= MinVerifierLength and <= MaxVerifierLength } && verifier.All(c => UnreservedCharacters.Contains(c, StringComparison.Ordinal));

    /// <summary>The S256 challenge of <paramref name="verifier"/>: base64url(SHA-256(ASCII(verifier))), unpadded.</summary>
    public static string Challenge(string verifier)
    {
        if (!IsValidVerifier(verifier))
        {
            throw new ArgumentException("A PKCE verifier is 43–128 characters of letters, digits and -._~.", nameof(verifier));
        }

        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    /// <summary>A new unguessable <c>state</c> value (192 random bits, base64url).</summary>
    public static string CreateState() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
}
