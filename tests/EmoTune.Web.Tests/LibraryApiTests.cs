using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmoTune.Music.Library;
using EmoTune.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EmoTune.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class LibraryApiTests(EmoTuneFactory factory) : IAsyncLifetime
{
    private readonly TempFolder _music = TempFolder.Create();
    private string _file = "";
    private string _id = "";

    public async ValueTask InitializeAsync()
    {
        _file = _music.Combine("song.wav");
        await AudioFiles.GenerateAsync(_file, AudioFiles.ClickTrack(120), 6, "-metadata", "title=Range Test", "-metadata", "artist=Web Tests");
        _ = factory.Server;
        var result = await factory.Services.GetRequiredService<LibraryScanner>().ScanAsync(_music.Path, 1);
        Assert.Equal(1, result.Indexed);
        _id = LibraryEntry.CreateId(Path.Combine(LibraryFiles.RealPath(_music.Path), "song.wav"));
    }

    public async ValueTask DisposeAsync()
    {
        // Each test indexes its own folder; forget it afterwards so the shared app's library holds one track per test.
        await factory.Services.GetRequiredService<SqliteLibraryStore>().RemoveAsync([Path.Combine(LibraryFiles.RealPath(_music.Path), "song.wav")]);
        _music.Dispose();
    }

    [Fact]
    public async Task Audio_RangeRequest_Returns206WithThoseBytes()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/library/tracks/{_id}/audio");
        request.Headers.Range = new RangeHeaderValue(100, 1123);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        var expected = (await File.ReadAllBytesAsync(_file, TestContext.Current.CancellationToken))[100..1124];
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(new FileInfo(_file).Length, response.Content.Headers.ContentRange?.Length);
    }

    [Fact]
    public async Task Audio_WholeFile_Is200AndAdvertisesRanges()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/api/v1/library/tracks/{_id}/audio", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("bytes", response.Headers.AcceptRanges);
        Assert.Equal(new FileInfo(_file).Length, (await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length);
    }

    [Theory]
    [InlineData("items=0-5")]
    [InlineData("pages=100-1123")]
    [InlineData("items=0-5, bytes=0-5")]
    public async Task Audio_RangeInAnotherUnit_IsIgnored_WholeFile200(string range)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/library/tracks/{_id}/audio");
        Assert.True(request.Headers.TryAddWithoutValidation("Range", range));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentRange);
        Assert.Equal(await File.ReadAllBytesAsync(_file, TestContext.Current.CancellationToken), await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Audio_RangeUnitInCapitals_IsStillBytes()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/library/tracks/{_id}/audio");
        Assert.True(request.Headers.TryAddWithoutValidation("Range", "Bytes=0-9"));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(10, (await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length);
    }

    [Fact]
    public async Task Page_RangeInAnotherUnit_IsIgnored_WholeFile200()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/index.html");
        Assert.True(request.Headers.TryAddWithoutValidation("Range", "items=0-5"));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var whole = await client.GetByteArrayAsync("/index.html", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(whole, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("local:0000000000000000")]
    [InlineData("..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("local:..%2F..%2Fetc%2Fpasswd")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("catalog:queen%2Fbohemian-rhapsody")]
    public async Task Audio_UnknownOrPathLikeId_Is404(string id)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/api/v1/library/tracks/{id}/audio", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Audio_MoreStreamsInFlightThanTheLimit_Is429UntilOneEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("Web:MaxAudioStreamsPerClient", "1"));
        using var client = app.CreateClient();
        var url = $"/api/v1/library/tracks/{_id}/audio";
        Assert.True(new FileInfo(_file).Length > 200_000, "the file must outgrow the test server's response buffer, so that an unread response stays in flight");

        // Headers only: the body stays unread, so the server is still writing it and holds the permit.
        using (var first = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct))
        {
            using var refused = await client.GetAsync(url, ct);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        var status = HttpStatusCode.TooManyRequests;
        for (var attempt = 0; attempt < 50 && status == HttpStatusCode.TooManyRequests; attempt++)
        {
            // The permit comes back when the aborted response has unwound on the server, a moment after the first response is disposed.
            await Task.Delay(100, ct);
            using var again = await client.GetAsync(url, ct);
            status = again.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Audio_FileOutsideIndexedFolders_Is404()
    {
        // A cache row that points outside every indexed folder (edited database, folder no longer configured).
        using var outside = TempFolder.Create();
        var secret = outside.Combine("secret.wav");
        File.Copy(_file, secret);
        var store = factory.Services.GetRequiredService<SqliteLibraryStore>();
        var entry = (await store.FindAsync(_id, TestContext.Current.CancellationToken))!;
        await store.UpsertAsync(entry with { Id = "local:ffffffffffffffff", Path = secret, Root = outside.Path }, TestContext.Current.CancellationToken);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/v1/library/tracks/local:ffffffffffffffff/audio", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await store.RemoveAsync([secret], TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Tracks_ListIndexedTrack_WithoutItsPath()
    {
        using var client = factory.CreateClient();

        var body = await client.GetStringAsync("/api/v1/library/tracks", TestContext.Current.CancellationToken);

        var track = JsonDocument.Parse(body).RootElement.EnumerateArray().Single(t => t.GetProperty("id").GetString() == _id);
        Assert.Equal("Range Test", track.GetProperty("title").GetString());
        Assert.InRange(track.GetProperty("tempo").GetDouble(), 117, 123);
        Assert.DoesNotContain(_music.Path, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommendations_SourceLibrary_OnlyLocalTracksWithAudio_CatalogHasNone()
    {
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var local = await client.GetFromJsonAsync<JsonElement>("/api/v1/recommendations?emotion=happy&source=library&limit=10", ct);
        var catalog = await client.GetFromJsonAsync<JsonElement>("/api/v1/recommendations?emotion=happy&source=catalog&limit=10", ct);
        using var bad = await client.GetAsync("/api/v1/recommendations?emotion=happy&source=radio", ct);

        Assert.Contains(local.EnumerateArray(), t => t.GetProperty("id").GetString() == _id);
        Assert.All(local.EnumerateArray(), t => Assert.Equal($"/api/v1/library/tracks/{Uri.EscapeDataString(t.GetProperty("id").GetString()!)}/audio", t.GetProperty("audio").GetString()));
        Assert.All(catalog.EnumerateArray(), t => Assert.Equal(JsonValueKind.Null, t.GetProperty("audio").ValueKind));
        Assert.Equal(10, catalog.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
