using System.ComponentModel.DataAnnotations;

namespace EmoTune.Web.Replicas;

/// <summary>
/// Redis, for what replicas must share (bound from <c>Redis</c>): the Data Protection key ring, sign-in sessions and the
/// per-client limits. Empty <see cref="Configuration"/> (the default) keeps all of it in process, as one machine needs.
/// </summary>
public sealed class RedisOptions : IValidatableObject
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis.internal:6379,password=…</c>; empty for none.</summary>
    public string Configuration { get; init; } = "";

    /// <summary>Prefix of every key EmoTune writes, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; init; } = "emotune:";

    /// <summary>Whether Redis is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? problem = null;
        if (Enabled)
        {
            try
            {
                StackExchange.Redis.ConfigurationOptions.Parse(Configuration);
            }
            catch (ArgumentException e)
            {
                problem = e.Message;
            }
        }

        if (problem is not null)
        {
            yield return new ValidationResult($"Redis:Configuration is not a StackExchange.Redis configuration string: {problem}", [nameof(Configuration)]);
        }

        if (string.IsNullOrWhiteSpace(KeyPrefix))
        {
            yield return new ValidationResult("Redis:KeyPrefix must not be empty (every EmoTune key starts with it).", [nameof(KeyPrefix)]);
        }
    }
}
