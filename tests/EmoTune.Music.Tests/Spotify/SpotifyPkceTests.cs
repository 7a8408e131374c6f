using System.Security.Cryptography;
using System.Text;
using EmoTune.Music.Spotify;

namespace EmoTune.Music.Tests.Spotify;

public sealed class SpotifyPkceTests
{
    [Fact]
    public void Challenge_Rfc7636AppendixB_MatchesTheSpecExample()
    {
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", SpotifyPkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    [Theory]
    [InlineData(43)]
    [InlineData(64)]
    [InlineData(128)]
    public void CreateVerifier_AnyAllowedLength_IsUnreservedAndChallengeIsBase64UrlOfSha256(int length)
    {
        var verifier = SpotifyPkce.CreateVerifier(length);

        Assert.Equal(length, verifier.Length);
        Assert.All(verifier, c => Assert.Contains(c, SpotifyPkce.UnreservedCharacters));
        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, SpotifyPkce.Challenge(verifier));
        Assert.Equal(43, SpotifyPkce.Challenge(verifier).Length);
    }

    [Theory]
    [InlineData(42)]
    [InlineData(129)]
    public void CreateVerifier_OutsideRfcLengths_Throws(int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpotifyPkce.CreateVerifier(length));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk+")]
    [InlineData("dBjftJeZ4CVP mB92K27uhbUJU1p1r_wW1gFWFOEjXk")]
    public void Challenge_InvalidVerifier_Throws(string verifier)
    {
        Assert.Throws<ArgumentException>(() => SpotifyPkce.Challenge(verifier));
    }

    [Fact]
    public void CreateVerifierAndState_AreFreshEachTime()
    {
        var verifiers = Enumerable.Range(0, 50).Select(_ => SpotifyPkce.CreateVerifier()).ToHashSet(StringComparer.Ordinal);
        var states = Enumerable.Range(0, 50).Select(_ => SpotifyPkce.CreateState()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(50, verifiers.Count);
        Assert.Equal(50, states.Count);
        Assert.All(states, s => Assert.Matches("^[A-Za-z0-9_-]{32}$", s));
    }
}
