using System.ComponentModel.DataAnnotations;

namespace EmoTune.Web.Gateway;

/// <summary>The gateway in front of the replicas (section <c>Gateway</c>), validated at start-up.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Gateway";

    /// <summary>The replicas' base addresses, e.g. <c>http://10.0.0.11:5000</c>; at least one.</summary>
    public string[] Replicas { get; init; } = [];

    /// <summary>Seconds between two active health checks (<c>GET /health</c>) of each replica.</summary>
    [Range(1, 300)]
    public int HealthCheckSeconds { get; init; } = 2;

    /// <summary>Seconds a health check may take before it counts as failed.</summary>
    [Range(1, 60)]
    public int HealthCheckTimeoutSeconds { get; init; } = 2;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Replicas.Length == 0)
        {
            yield return new ValidationResult("Gateway:Replicas needs at least one replica address (e.g. --replica http://127.0.0.1:5081).", [nameof(Replicas)]);
        }

        foreach (var replica in Replicas)
        {
            if (!Uri.TryCreate(replica, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return new ValidationResult($"Gateway:Replicas '{replica}' is not an http(s) address.", [nameof(Replicas)]);
            }
        }
    }
}
