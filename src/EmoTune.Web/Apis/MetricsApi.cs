using EmoTune.Web.Hosting;
using EmoTune.Web.Metrics;

namespace EmoTune.Web.Apis;

/// <summary>
/// <c>GET /metrics</c>: EmoTune's counters, histogram and gauges (<see cref="PipelineMetrics"/>) for Prometheus to
/// scrape, written by OpenTelemetry's Prometheus exporter; a diagnostics endpoint (404 while
/// <see cref="DiagnosticsAccess.IsPublic"/> is false).
/// </summary>
/// <remarks>
/// A minimal-API endpoint that hands the request to the exporter's middleware, rather than the exporter's own
/// <c>MapPrometheusScrapingEndpoint</c> (a bare request-delegate endpoint), so that the OpenAPI document still
/// describes <c>/metrics</c>.
/// </remarks>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        // What MapPrometheusScrapingEndpoint builds, behind a handler the OpenAPI document can see.
        var exporter = app.CreateApplicationBuilder()
            .UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: static _ => true, path: null, configureBranchedPipeline: null, optionsName: null)
            .Build();
        // PipelineMetrics is a parameter so that its instruments exist before the first collection: a singleton is
        // built when first asked for, and without it a scrape before any frame found no instruments (an empty body).
        Func<HttpContext, PipelineMetrics, Task> scrape = (context, _) => exporter(context);
        app.MapGet("/metrics", scrape)
            .WithName("Metrics")
            .WithSummary("Prometheus metrics: frames, faces, errors, processing time, WebSockets, uptime")
            .WithDescription(
                "Prometheus text exposition format 0.0.4, or OpenMetrics 1.0 when the Accept header asks for application/openmetrics-text. " +
                "emotune_frames_processed_total{source}, emotune_faces_found_total{source}, " +
                "emotune_frame_errors_total{source,reason}, emotune_frame_processing_seconds (histogram, 1 ms to 1 s, by source), " +
                "emotune_websocket_connections, emotune_uptime_seconds, process_start_time_seconds. Sources: websocket, api, camera, ondevice; " +
                "a source's series appear with its first frame or refusal.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .WithMetadata(new DiagnosticsEndpointAttribute())
            .WithTags("Operations");
        return app;
    }
}
