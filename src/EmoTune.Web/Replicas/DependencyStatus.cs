namespace EmoTune.Web.Replicas;

/// <summary>One dependency in <c>/health</c>: its kind (<c>sqlite</c>, <c>postgres</c>, <c>redis</c>, <c>in-process</c>), <c>ok</c> or <c>unavailable</c>, and why.</summary>
public sealed record DependencyStatus(string Kind, string Status, string? Error = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Healthy => !string.Equals(Status, "unavailable", StringComparison.Ordinal);
}
