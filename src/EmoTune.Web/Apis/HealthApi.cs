using EmoTune.Vision.Inference;
using EmoTune.Web.Replicas;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmoTune.Web.Apis;

/// <summary>
/// <c>GET /health</c>: liveness, the loaded model, and the state of the database and of Redis. 200 while both answer,
/// 503 naming the one that does not (a gateway's active health check then takes this replica out until it is back).
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetAsync)
            .WithName("Health").WithSummary("Liveness, the loaded model, the database and Redis").WithTags("Health");
        return app;
    }

    private static async Task<Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>>> GetAsync(
        IEmotionClassifier classifier, DependencyHealth dependencies, CancellationToken ct)
    {
        var storage = await dependencies.StorageAsync(ct);
        var redis = await dependencies.RedisAsync();
        var healthy = storage.Healthy && redis.Healthy;
        var status = new HealthStatus(healthy ? "ok" : "unavailable", classifier.Spec.Architecture, storage, redis);
        return healthy ? TypedResults.Ok(status) : TypedResults.Json(status, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public sealed record HealthStatus(string Status, string Model, DependencyStatus Storage, DependencyStatus Redis);
}
