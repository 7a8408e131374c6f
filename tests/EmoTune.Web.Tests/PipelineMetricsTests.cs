using System.Diagnostics.Metrics;
using EmoTune.Web.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EmoTune.Web.Tests;

public sealed class PipelineMetricsTests
{
    [Fact]
    public void RecordFrame_Camera_CountsFramesFacesAndLatency_UnderTheSource()
    {
        using var services = CreateMeterFactory();
        var metrics = CreateMetrics(services);
        using var frames = Collect<long>(services, "emotune.frames.processed");
        using var faces = Collect<long>(services, "emotune.faces.found");
        using var latency = Collect<double>(services, "emotune.frame.processing");

        metrics.RecordFrame(FrameSources.Camera, 2, 0.003);
        metrics.RecordFrame(FrameSources.Camera, 0, 0.001);
        frames.RecordObservableInstruments();
        faces.RecordObservableInstruments();

        Assert.Equal(2, frames.LastMeasurement!.Value);
        Assert.Equal(2, faces.LastMeasurement!.Value);
        Assert.True(frames.LastMeasurement.MatchesTags(new KeyValuePair<string, object?>("source", "camera")));
        Assert.Equal([0.003, 0.001], latency.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.All(latency.GetMeasurementSnapshot(), m => Assert.True(m.MatchesTags(new KeyValuePair<string, object?>("source", "camera"))));
        Assert.Equal("s", latency.Instrument!.Unit);
    }

    [Fact]
    public void Latency_AdvisesTheBucketsFrom1msTo1s()
    {
        using var services = CreateMeterFactory();
        CreateMetrics(services);
        using var latency = Collect<double>(services, "emotune.frame.processing");

        var histogram = Assert.IsType<Histogram<double>>(latency.Instrument);

        Assert.Equal([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0], histogram.Advice!.HistogramBucketBoundaries!);
    }

    [Fact]
    public void RecordError_And_WebSocketGauge_AreMeasured()
    {
        using var services = CreateMeterFactory();
        var metrics = CreateMetrics(services);
        using var errors = Collect<long>(services, "emotune.frame.errors");
        using var sockets = Collect<long>(services, "emotune.websocket.connections");

        metrics.RecordError(FrameSources.WebSocket, FrameErrorReasons.RateLimited);
        metrics.RecordError(FrameSources.WebSocket, FrameErrorReasons.RateLimited);
        metrics.WebSocketOpened();
        metrics.WebSocketOpened();
        metrics.WebSocketClosed();
        sockets.RecordObservableInstruments();

        Assert.Equal(2, errors.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(errors.GetMeasurementSnapshot(), m => Assert.True(m.MatchesTags(new KeyValuePair<string, object?>("source", "websocket"), new KeyValuePair<string, object?>("reason", "rate_limited"))));
        Assert.Equal(1, sockets.LastMeasurement!.Value);
        Assert.Equal(1, metrics.OpenWebSockets);
    }

    [Fact]
    public void TwoHostsInOneProcess_EachCountsOnlyItsOwnFrames()
    {
        using var first = CreateMeterFactory();
        using var second = CreateMeterFactory();
        var firstMetrics = CreateMetrics(first);
        CreateMetrics(second);
        using var secondFrames = Collect<long>(second, "emotune.frames.processed");

        firstMetrics.RecordFrame(FrameSources.Api, 1, 0.01);
        secondFrames.RecordObservableInstruments();

        Assert.Empty(secondFrames.GetMeasurementSnapshot());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Camera")]
    [InlineData("web socket")]
    [InlineData("api\"} 1\nevil")]
    [InlineData("1st")]
    public void RecordFrame_LabelThatIsNotSnakeCase_IsRefused(string source)
    {
        using var services = CreateMeterFactory();
        var metrics = CreateMetrics(services);

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
        using var services = CreateMeterFactory();
        var metrics = CreateMetrics(services);
        using var frames = Collect<long>(services, "emotune.frames.processed");

        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.RecordFrame(FrameSources.Api, faces, seconds));
        frames.RecordObservableInstruments();
        Assert.Empty(frames.GetMeasurementSnapshot());
    }

    private static ServiceProvider CreateMeterFactory() => new ServiceCollection().AddMetrics().BuildServiceProvider();

    private static PipelineMetrics CreateMetrics(ServiceProvider services) =>
        new(services.GetRequiredService<IMeterFactory>(), TimeProvider.System);

    private static MetricCollector<T> Collect<T>(ServiceProvider services, string instrument)
        where T : struct =>
        new(services.GetRequiredService<IMeterFactory>(), PipelineMetrics.MeterName, instrument);
}
