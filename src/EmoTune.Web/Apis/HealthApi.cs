using EmoTune.Vision.Inference;

namespace EmoTune.Web.Apis;

/// <summary><c>GET /health</c>: liveness plus which model is loaded.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (IEmotionClassifier classifier) => TypedResults.Ok(new HealthStatus("ok", classifier.Spec.Architecture)))
            .WithName("Health").WithSummary("Liveness and the loaded model").WithTags("Health");
        return app;
    }

    public sealed record HealthStatus(string Status, string Model);
}
