using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace EmoTune.Web.Gateway;

/// <summary>
/// <c>emotune gateway</c>: YARP in front of EmoTune replicas. Every path goes to one replica (round robin among the
/// healthy); each is checked with <c>GET /health</c> every <see cref="GatewayOptions.HealthCheckSeconds"/> (active) and
/// on failed requests (passive), and taken out until it answers again. A WebSocket is one HTTP connection upgraded, so
/// it stays on the replica that accepted it for its whole life without any session affinity; when that replica dies the
/// page reconnects, and the gateway sends the new socket to a live one. The client's Host is kept (the replicas'
/// same-origin check compares it with Origin) and X-Forwarded-For/Proto are added (the replicas count limits per real client).
/// </summary>
public static class EmoTuneGateway
{
    public const string ClusterId = "emotune";

    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.AddReverseProxy().LoadFromMemory([Route()], [Cluster(options)]);
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.UseStatusCodePages();
        app.MapGet("/gateway/health", (IProxyStateLookup state) => Status(state)).WithName("GatewayHealth");
        app.MapReverseProxy();
        return app;
    }

    /// <summary>Every path, Host kept.</summary>
    public static RouteConfig Route() => new RouteConfig
    {
        RouteId = "all",
        ClusterId = ClusterId,
        Match = new RouteMatch { Path = "{**catch-all}" },
    }.WithTransformUseOriginalHostHeader(useOriginal: true);

    /// <summary>The replicas, round robin, with active and passive health checks.</summary>
    public static ClusterConfig Cluster(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ClusterConfig
        {
            ClusterId = ClusterId,
            LoadBalancingPolicy = "RoundRobin",
            Destinations = options.Replicas
                .Select((address, i) => (Name: "replica-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), address))
                .ToDictionary(d => d.Name, d => new DestinationConfig { Address = d.address }, StringComparer.Ordinal),
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(options.HealthCheckSeconds),
                    Timeout = TimeSpan.FromSeconds(options.HealthCheckTimeoutSeconds),
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/health",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = TimeSpan.FromSeconds(options.HealthCheckSeconds * 2),
                },
            },
            // A replica may take a moment to answer a frame; WebSockets are not subject to this timeout once upgraded.
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(100) },
        };
    }

    private static IResult Status(IProxyStateLookup state)
    {
        var replicas = state.TryGetCluster(ClusterId, out var cluster)
            ? cluster.Destinations.Values.Select(d => new ReplicaState(d.DestinationId, d.Model.Config.Address, Describe(d.Health.Active), Describe(d.Health.Passive), d.ConcurrentRequestCount)).ToList()
            : [];
        var healthy = replicas.Count(r => !string.Equals(r.Active, "unhealthy", StringComparison.Ordinal) && !string.Equals(r.Passive, "unhealthy", StringComparison.Ordinal));
        return Results.Json(new GatewayState(healthy > 0 ? "ok" : "unavailable", healthy, replicas), statusCode: healthy > 0 ? 200 : 503);
    }

    private static string Describe(DestinationHealth health) => health switch
    {
        DestinationHealth.Healthy => "healthy",
        DestinationHealth.Unhealthy => "unhealthy",
        _ => "unknown",
    };

    public sealed record ReplicaState(string Name, string Address, string Active, string Passive, int OpenRequests);

    public sealed record GatewayState(string Status, int Healthy, IReadOnlyList<ReplicaState> Replicas);
}
