using EmoTune.Web.Metrics;

namespace EmoTune.Web.Tests;

public sealed class PipelineMetricsTests
{
    [Fact]
    public void RecordFrame_Camera_CountsFramesFacesAndTheRightBucket()
    {
        var metrics = new PipelineMetrics(TimeProvider.System);

        metrics.RecordFrame(FrameSources.Camera, 2, 0.003);
        metrics.RecordFrame(FrameSources.Camera, 0, 0.001);
        var scrape = PrometheusText.Parse(metrics.Render());

        var camera = ("source", "camera");
        Assert.Equal(2, scrape.Value("emotune_frames_processed_total", camera));
        Assert.Equal(2, scrape.Value("emotune_faces_found_total", camera));
        Assert.Equal(1, scrape.Value("emotune_frame_processing_seconds_bucket", camera, ("le", "0.001")));
        Assert.Equal(1, scrape.Value("emotune_frame_processing_seconds_bucket", camera, ("le", "0.0025")));
        Assert.Equal(2, scrape.Value("emotune_frame_processing_seconds_bucket", camera, ("le", "0.005")));
        Assert.Equal(2, scrape.Value("emotune_frame_processing_seconds_bucket", camera, ("le", "+Inf")));
        Assert.Equal(0.004, scrape.Value("emotune_frame_processing_seconds_sum", camera), 12);
        Assert.Equal(0, scrape.Value("emotune_frames_processed_total", ("source", "api")));
    }

    [Fact]
    public void RecordError_And_WebSocketGauge_AreWritten()
    {
        var metrics = new PipelineMetrics(TimeProvider.System);

        metrics.RecordError(FrameSources.WebSocket, FrameErrorReasons.RateLimited);
        metrics.RecordError(FrameSources.WebSocket, FrameErrorReasons.RateLimited);
        metrics.WebSocketOpened();
        metrics.WebSocketOpened();
        metrics.WebSocketClosed();
        var scrape = PrometheusText.Parse(metrics.Render());

        Assert.Equal(2, scrape.Value("emotune_frame_errors_total", ("source", "websocket"), ("reason", "rate_limited")));
        Assert.Equal(1, scrape.Value("emotune_websocket_connections"));
    }

    [Fact]
    public void RecordFrame_ManyThreads_LosesNoCount()
    {
        var metrics = new PipelineMetrics(TimeProvider.System);

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                metrics.RecordFrame(FrameSources.Api, 1, (i % 3) * 0.02);
            }
        });
        var scrape = PrometheusText.Parse(metrics.Render());

        var api = ("source", "api");
        Assert.Equal(80_000, scrape.Value("emotune_frames_processed_total", api));
        Assert.Equal(80_000, scrape.Value("emotune_faces_found_total", api));
        Assert.Equal(80_000, scrape.Value("emotune_frame_processing_seconds_count", api));
        Assert.Equal(8 * 3334, scrape.Value("emotune_frame_processing_seconds_bucket", api, ("le", "0.001")), 0);
        Assert.Equal(8 * ((3333 * 0.02) + (3333 * 0.04)), scrape.Value("emotune_frame_processing_seconds_sum", api), 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Camera")]
    [InlineData("web socket")]
    [InlineData("api\"} 1\nevil")]
    [InlineData("1st")]
    public void RecordFrame_LabelThatIsNotSnakeCase_IsRefused(string source)
    {
        var metrics = new PipelineMetrics(TimeProvider.System);

        Assert.ThrowsAny<ArgumentException>(() => metrics.RecordFrame(source, 1, 0.01));
        Assert.ThrowsAny<ArgumentException>(() => metrics.RecordError("api", source));
    }

    [Theory]
    [InlineData(-1, 0.01)]
    [InlineData(1, -0.01)]
    [InlineData(1, double.NaN)]
    [InlineData(1, double.PositiveInfinity)]
    public void RecordFrame_NegativeOrNonFinite_IsRefused(int faces, double seconds)
    {
        var metrics = new PipelineMetrics(TimeProvider.System);

        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.RecordFrame(FrameSources.Api, faces, seconds));
        Assert.Equal(0, PrometheusText.Parse(metrics.Render()).Value("emotune_frames_processed_total", ("source", "api")));
    }

    [Fact]
    public void LatencyHistogram_BoundsNotIncreasing_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new LatencyHistogram([0.01, 0.01]));
        Assert.Throws<ArgumentException>(() => new LatencyHistogram([0, 1]));
    }
}
