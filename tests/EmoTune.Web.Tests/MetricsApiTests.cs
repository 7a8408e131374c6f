using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EmoTune.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class MetricsApiTests(EmoTuneFactory factory)
{
    private const string Frames = "emotune_frames_processed_total";
    private const string Faces = "emotune_faces_found_total";
    private const string Errors = "emotune_frame_errors_total";
    private const string Latency = "emotune_frame_processing_seconds";

    [Fact]
    public async Task Metrics_AfterAGoodAndABadImage_CountFramesFacesErrorsAndLatency()
    {
        using var client = factory.CreateClient();
        var before = await ScrapeAsync(client);

        using var good = await client.PostAsync("/api/v1/emotions", Image(TestImages.Scene(2), "image/jpeg"), TestContext.Current.CancellationToken);
        using var bad = await client.PostAsync("/api/v1/emotions", Image(new byte[500], "image/jpeg"), TestContext.Current.CancellationToken);
        using var text = await client.PostAsync("/api/v1/emotions", Image("hi"u8.ToArray(), "text/plain"), TestContext.Current.CancellationToken);
        var after = await ScrapeAsync(client);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        var api = ("source", "api");
        Assert.Equal(1, after.Value(Frames, api) - before.Value(Frames, api));
        Assert.Equal(2, after.Value(Faces, api) - before.Value(Faces, api));
        Assert.Equal(1, after.Value(Errors, api, ("reason", "bad_image")) - before.Value(Errors, api, ("reason", "bad_image")));
        Assert.Equal(1, after.Value(Errors, api, ("reason", "unsupported_type")) - before.Value(Errors, api, ("reason", "unsupported_type")));
        Assert.Equal(1, after.Value(Latency + "_count", api) - before.Value(Latency + "_count", api));
        Assert.True(after.Value(Latency + "_sum", api) > before.Value(Latency + "_sum", api));
        Assert.Equal(after.Value(Frames, api), after.Value(Latency + "_count", api));
    }

    [Fact]
    public async Task Metrics_Exposition_ParsesLineByLineWithCumulativeBuckets()
    {
        using var client = factory.CreateClient();
        using var good = await client.PostAsync("/api/v1/emotions", Image(TestImages.Scene(1), "image/jpeg"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);

        using var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var scrape = PrometheusText.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        Assert.Equal("histogram", scrape.Types[Latency]);
        Assert.Equal("counter", scrape.Types[Frames]);
        Assert.Equal("gauge", scrape.Types["emotune_websocket_connections"]);
        var sources = scrape.Samples.Where(s => s.Name == Frames).Select(s => s["source"]).ToList();
        Assert.Contains("api", sources);
        Assert.Equal(sources.Order(StringComparer.Ordinal), scrape.Samples.Where(s => s.Name == Latency + "_count").Select(s => s["source"]).Order(StringComparer.Ordinal));
        foreach (var source in sources)
        {
            var buckets = scrape.Samples.Where(s => s.Name == Latency + "_bucket" && s["source"] == source).ToList();
            var bounds = buckets.Select(b => PrometheusText.Number(b["le"]!)).ToList();
            Assert.Equal([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, double.PositiveInfinity], bounds);
            Assert.Equal("+Inf", buckets[^1]["le"]);
            for (var i = 1; i < buckets.Count; i++)
            {
                Assert.True(buckets[i].Value >= buckets[i - 1].Value, $"{source}: bucket le={buckets[i]["le"]} is below le={buckets[i - 1]["le"]}");
            }

            Assert.Equal(buckets[^1].Value, scrape.Value(Latency + "_count", ("source", source!)));
        }

        Assert.True(scrape.Value(Latency + "_count", ("source", "api")) >= 1);
        Assert.InRange(scrape.Value("emotune_uptime_seconds"), double.Epsilon, 86_400);
        Assert.True(scrape.Value("process_start_time_seconds") > 1.7e9);
        Assert.True(scrape.Value("emotune_websocket_connections") >= 0);
    }

    [Fact]
    public async Task Metrics_PrometheusAskingForOpenMetrics_GetsOpenMetricsText()
    {
        using var client = factory.CreateClient();
        using var good = await client.PostAsync("/api/v1/emotions", Image(TestImages.Scene(1), "image/jpeg"), TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        // What Prometheus 2.x/3.x sends when it scrapes.
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE emotune_frames_processed counter\n", text, StringComparison.Ordinal);
        Assert.Contains("emotune_frames_processed_total{source=\"api\"} ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DescribesMetricsAsPlainText()
    {
        using var client = factory.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));

        var get = json.RootElement.GetProperty("paths").GetProperty("/metrics").GetProperty("get");
        Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/plain", out _));
        Assert.Contains("emotune_frames_processed_total", get.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Meters are process-wide and OpenTelemetry picks them by name, so without care a second app in the process (the
    /// tests run many side by side) would count into this one's series, and, once disposed, take them away: the
    /// exporter then served 200 with an empty body (seen in CI before this test).
    /// </summary>
    [Fact]
    public async Task Metrics_TwoAppsInOneProcess_EachCountsItsOwnFrames_AndOneEndingLeavesTheOtherWhole()
    {
        using var client = factory.CreateClient();
        using var first = await client.PostAsync("/api/v1/emotions", Image(TestImages.Scene(1), "image/jpeg"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = await ScrapeAsync(client);
        var api = ("source", "api");

        var other = new EmoTuneFactory();
        await using (other.ConfigureAwait(true))
        {
            using var otherClient = other.CreateClient();
            for (var i = 0; i < 3; i++)
            {
                using var posted = await otherClient.PostAsync("/api/v1/emotions", Image(TestImages.Scene(2), "image/jpeg"), TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            }

            var others = await ScrapeAsync(otherClient);
            Assert.Equal(3, others.Value(Frames, api));
            Assert.Equal(6, others.Value(Faces, api));
            Assert.Equal(3, others.Value(Latency + "_count", api));
            Assert.Equal(before.Value(Frames, api), (await ScrapeAsync(client)).Value(Frames, api));
        }

        using var last = await client.PostAsync("/api/v1/emotions", Image(TestImages.Scene(1), "image/jpeg"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        var after = await ScrapeAsync(client);
        Assert.Equal(1, after.Value(Frames, api) - before.Value(Frames, api));
        Assert.Equal(1, after.Value(Faces, api) - before.Value(Faces, api));
        Assert.Equal(1, after.Value(Latency + "_count", api) - before.Value(Latency + "_count", api));
        Assert.True(after.Value("process_start_time_seconds") > 1.7e9);
    }

    [Fact]
    public async Task Metrics_FirstScrapeOfANewApp_BeforeAnyFrame_ShowsTheGauges()
    {
        var fresh = new EmoTuneFactory();
        await using (fresh.ConfigureAwait(true))
        {
            using var client = fresh.CreateClient();
            var scrape = await ScrapeAsync(client);

            Assert.True(scrape.Value("process_start_time_seconds") > 1.7e9);
            Assert.InRange(scrape.Value("emotune_uptime_seconds"), double.Epsilon, 86_400);
            Assert.Equal("gauge", scrape.Types["emotune_websocket_connections"]);
            Assert.DoesNotContain(scrape.Samples, s => s.Name == Frames);
        }
    }

    private static async Task<PrometheusText.Scrape> ScrapeAsync(HttpClient client) =>
        PrometheusText.Parse(await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken));

    private static ByteArrayContent Image(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }
}
