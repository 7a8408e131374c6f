using System.Text.Json;
using EmoTune.Core.Emotions;
using EmoTune.Music.Catalog;
using EmoTune.Music.Recommendation;
using EmoTune.Music.Spotify;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace EmoTune.Music.Tests.Spotify;

public sealed class SpotifyPlaylistServiceTests
{
    private static readonly Track Bohemian = CreateTrack("Queen", "Bohemian Rhapsody");
    private static readonly Track Dancing = CreateTrack("ABBA", "Dancing Queen");
    private static readonly Track Unknown = CreateTrack("Nobody In Particular", "A Song Spotify Lacks");

    private static Track CreateTrack(string artist, string title) =>
        new(Track.CreateId("catalog", artist, title), artist, title, 1976, "pop", 0.8, 0.7, 120);

    private static SpotifyHarness CreateHarness(string playlistsJson)
    {
        var harness = new SpotifyHarness();
        StubSearch(harness, Bohemian, "b1", "Bohemian Rhapsody - Remastered 2011", "Queen");
        StubSearch(harness, Dancing, "d1", "Dancing Queen", "ABBA");
        harness.Server.Given(Request.Create().WithPath("/v1/search").UsingGet()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"tracks":{"items":[],"next":null,"total":0}}"""));
        harness.StubJson("GET", "/v1/me", 200, """{"id":"alice.s","display_name":"Alice S"}""");
        harness.StubJson("GET", "/v1/me/playlists", 200, playlistsJson);
        harness.StubJson("POST", "/v1/me/playlists", 201, """{"id":"newlist","name":"EmoTune — Happy","owner":{"id":"alice.s"},"external_urls":{"spotify":"https://open.spotify.com/playlist/newlist"}}""");
        harness.StubJson("POST", "/v1/playlists/newlist/items", 201, """{"snapshot_id":"s1"}""");
        harness.StubJson("PUT", "/v1/playlists/mine/items", 200, """{"snapshot_id":"s2"}""");
        return harness;
    }

    private static void StubSearch(SpotifyHarness harness, Track track, string id, string name, string artist) =>
        harness.Server.Given(Request.Create().WithPath("/v1/search").UsingGet().WithParam("q", SpotifyTrackResolver.Query(track))).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
                $$$"""{"tracks":{"items":[{"id":"x{{{id}}}","name":"{{{name}}} (Karaoke)","uri":"spotify:track:x{{{id}}}","artists":[{"name":"Sing-Along Band"}]},{"id":"{{{id}}}","name":"{{{name}}}","uri":"spotify:track:{{{id}}}","artists":[{"name":"{{{artist}}}"}]}],"next":null,"total":2}}"""));

    [Fact]
    public async Task NewMood_CreatesThePlaylistWithPostMePlaylists_ThenAddsItsItems()
    {
        using var harness = CreateHarness("""{"items":[{"id":"someone","name":"EmoTune — Happy","owner":{"id":"bob"}}],"next":null,"total":1}""");
        await harness.StoreTokensAsync("AT-playlist", "RT-playlist", TimeSpan.FromHours(1));

        var result = await harness.Get<SpotifyPlaylistService>().SaveMoodPlaylistAsync(SpotifyHarness.Profile, Emotion.Happy, MoodStrategy.Match, [Bohemian, Unknown, Dancing]);

        Assert.True(result.Created);
        Assert.Equal("newlist", result.Playlist!.Id);
        Assert.Equal(["b1", "d1"], result.Matches.Select(m => m.SpotifyId));
        Assert.Equal([Unknown.Id], result.UnresolvedTrackIds);
        using var create = JsonDocument.Parse(Assert.Single(harness.Requests("POST", "/v1/me/playlists")).Body!);
        Assert.Equal("EmoTune — Happy", create.RootElement.GetProperty("name").GetString());
        Assert.False(create.RootElement.GetProperty("public").GetBoolean());
        using var items = JsonDocument.Parse(Assert.Single(harness.Requests("POST", "/v1/playlists/newlist/items")).Body!);
        Assert.Equal(["spotify:track:b1", "spotify:track:d1"], items.RootElement.GetProperty("uris").EnumerateArray().Select(u => u.GetString()));
        Assert.All(harness.Requests("GET", "/v1/search"), r => Assert.Equal("5", r.Query!["limit"].Single()));
        Assert.DoesNotContain(harness.Paths, p => p.Contains("/users/", StringComparison.Ordinal) || (p.StartsWith("/v1/playlists", StringComparison.Ordinal) && p.EndsWith("/tracks", StringComparison.Ordinal)));
        harness.AssertClean("AT-playlist", "RT-playlist");
    }

    [Fact]
    public async Task ExistingMoodPlaylist_IsUpdatedNotDuplicated()
    {
        using var harness = CreateHarness("""
            {"items":[{"id":"other","name":"Road trip","owner":{"id":"alice.s"}},
                      {"id":"mine","name":"EmoTune — Happy","owner":{"id":"alice.s"},"items":{"href":"x","total":3}}],"next":null,"total":2}
            """);
        await harness.StoreTokensAsync("AT-playlist", "RT-playlist", TimeSpan.FromHours(1));
        var service = harness.Get<SpotifyPlaylistService>();

        var first = await service.SaveMoodPlaylistAsync(SpotifyHarness.Profile, Emotion.Happy, MoodStrategy.Lift, [Dancing]);
        var second = await service.SaveMoodPlaylistAsync(SpotifyHarness.Profile, Emotion.Happy, MoodStrategy.Lift, [Bohemian, Dancing]);

        Assert.False(first.Created);
        Assert.Equal("mine", second.Playlist!.Id);
        Assert.Empty(harness.Requests("POST", "/v1/me/playlists"));
        var puts = harness.Requests("PUT", "/v1/playlists/mine/items");
        Assert.Equal(2, puts.Count);
        using var last = JsonDocument.Parse(puts[1].Body!);
        Assert.Equal(["spotify:track:b1", "spotify:track:d1"], last.RootElement.GetProperty("uris").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(2, harness.Requests("GET", "/v1/search").Count);
        harness.AssertClean("AT-playlist", "RT-playlist");
    }

    [Fact]
    public async Task NothingFoundOnSpotify_CreatesNothing()
    {
        using var harness = CreateHarness("""{"items":[],"next":null,"total":0}""");
        await harness.StoreTokensAsync("AT-playlist", "RT-playlist", TimeSpan.FromHours(1));

        var result = await harness.Get<SpotifyPlaylistService>().SaveMoodPlaylistAsync(SpotifyHarness.Profile, Emotion.Sad, MoodStrategy.Calm, [Unknown]);

        Assert.Null(result.Playlist);
        Assert.Equal([Unknown.Id], result.UnresolvedTrackIds);
        Assert.Empty(harness.Requests("POST", "/v1/me/playlists"));
    }

    [Theory]
    [InlineData("Queen", "Bohemian Rhapsody", "Bohemian Rhapsody - Remastered 2011", "Queen", true)]
    [InlineData("Queen", "Bohemian Rhapsody", "Bohemian Rhapsody", "Queen", true)]
    [InlineData("Simon & Garfunkel", "The Sound of Silence", "The Sound of Silence (Acoustic Version)", "Simon & Garfunkel", true)]
    [InlineData("Beyoncé", "Halo", "HALO", "Beyoncé", true)]
    [InlineData("AC/DC", "Back in Black", "Back In Black", "AC/DC", true)]
    [InlineData("Queen", "Bohemian Rhapsody", "Bohemian Rhapsody", "Panic! At The Disco", false)]
    [InlineData("Queen", "Bohemian Rhapsody", "Bohemian Like You", "Queen", false)]
    [InlineData("Queen", "Bohemian Rhapsody", "Bohemian Rhapsody Tribute Medley", "Queen", false)]
    public void IsMatch_AcceptsOnlyTheSameArtistAndTitle(string artist, string title, string hitName, string hitArtist, bool expected)
    {
        var hit = new SpotifyTrack("id", hitName, [hitArtist], null, "spotify:track:id");

        Assert.Equal(expected, SpotifyTrackResolver.IsMatch(CreateTrack(artist, title), hit));
    }

    [Fact]
    public void PlaylistName_IsEmoTuneDashMood()
    {
        Assert.Equal("EmoTune — Sad", SpotifyPlaylistService.PlaylistName(Emotion.Sad));
    }
}
