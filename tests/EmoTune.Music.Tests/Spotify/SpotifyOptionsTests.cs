using EmoTune.Music.Spotify;
using Microsoft.Extensions.Options;

namespace EmoTune.Music.Tests.Spotify;

public sealed class SpotifyOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000/api/v1/spotify/callback")]
    [InlineData("http://[::1]:8080/callback")]
    [InlineData("http://127.0.0.1/callback")]
    [InlineData("https://emotune.example.org/api/v1/spotify/callback")]
    public void RedirectUri_HttpsOrLoopbackIp_IsAccepted(string uri)
    {
        Assert.Null(SpotifyOptions.RedirectUriError(uri));
    }

    [Theory]
    [InlineData("http://localhost:5000/callback", "localhost")]
    [InlineData("http://192.168.1.20:5000/callback", "https")]
    [InlineData("http://emotune.example.org/callback", "https")]
    [InlineData("ftp://127.0.0.1/callback", "https")]
    [InlineData("/api/v1/spotify/callback", "absolute")]
    [InlineData("https://emotune.example.org/callback#x", "fragment")]
    public void RedirectUri_ThatSpotifyRefuses_IsRejectedSayingWhy(string uri, string reason)
    {
        Assert.Contains(reason, SpotifyOptions.RedirectUriError(uri), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Spotify:RedirectUri", "http://localhost:5000/api/v1/spotify/callback", "RedirectUri")]
    [InlineData("Spotify:ClientId", "not a client id!", "ClientId")]
    [InlineData("Spotify:MaxRateLimitRetries", "50", "MaxRateLimitRetries")]
    public void BadSetting_FailsAtStartUp_NamingTheKey(string key, string value, string named)
    {
        var e = Assert.Throws<OptionsValidationException>(() => new SpotifyHarness(new() { [key] = value }).Dispose());

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoClientId_SpotifyIsOff_AndCallsSaySoWithoutNetwork()
    {
        using var harness = new SpotifyHarness(new() { ["Spotify:ClientId"] = "" });

        Assert.False(harness.Get<IOptions<SpotifyOptions>>().Value.IsConfigured);
        var e = Assert.Throws<SpotifyNotConfiguredException>(() => harness.Get<SpotifyAccountsClient>().CreateAuthorization());
        Assert.Contains("Spotify:ClientId", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SpotifyNotConfiguredException>(() => harness.Client.SearchTracksAsync(SpotifyHarness.Profile, "queen"));
        Assert.Empty(harness.Server.LogEntries);
    }
}
