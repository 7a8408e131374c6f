namespace EmoTune.Web.Replicas;

/// <summary>
/// Redis, for what replicas must share (bound from <c>Redis</c>): the Data Protection key ring, sign-in sessions and the
/// per-client limits. Empty <see cref="Configuration"/> (the default) keeps all of it in process, as one machine needs.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis.internal:6379,password=…</c>; empty for none.</summary>
    public string Configuration { get; init; } = "";

    /// <summary>Prefix of every key EmoTune writes, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; init; } = "emotune:";

    /// <summary>Whether Redis is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
