using EmoTune.Web.Hosting;
using EmoTune.Web.Metrics;

namespace EmoTune.Web.Apis;

/// <summary>
/// <c>GET /metrics</c>: EmoTune's counters, histogram and gauges for Prometheus to scrape; a diagnostics endpoint
/// (404 while <see cref="DiagnosticsAccess.IsPublic"/> is false).
/// </summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", (PipelineMetrics metrics) => TypedResults.Text(metrics.Render(), PipelineMetrics.ContentType))
            .WithName("Metrics")
            .WithSummary("Prometheus metrics: frames, faces, errors, processing time, WebSockets, uptime")
            .WithDescription(
                "Prometheus text exposition format 0.0.4. emotune_frames_processed_total{source}, emotune_faces_found_total{source}, " +
                "emotune_frame_errors_total{source,reason}, emotune_frame_processing_seconds (histogram, 1 ms to 1 s, by source), " +
                "emotune_websocket_connections, emotune_uptime_seconds, process_start_time_seconds. Sources: websocket, api, camera.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .WithMetadata(new DiagnosticsEndpointAttribute())
            .WithTags("Operations");
        return app;
    }
}
