using System.ComponentModel.DataAnnotations;

namespace EmoTune.Web.Profiles;

/// <summary>Profiles and sign-in (keys under <c>Web</c>), validated at start-up.</summary>
public sealed class ProfileOptions : IValidatableObject
{
    public const string SectionName = "Web";

    /// <summary>
    /// <c>auto</c> (default): sign-in is required when any configured URL listens beyond loopback; <c>true</c>: always;
    /// <c>false</c>: never (one local profile for everyone who can reach EmoTune).
    /// </summary>
    public string RequireSignIn { get; init; } = "auto";

    /// <summary>Sign-in and registration attempts a client (IP address) may make per minute; more get 429.</summary>
    [Range(1, 10_000)]
    public int SignInAttemptsPerMinute { get; init; } = 10;

    /// <summary>Whether anyone who reaches EmoTune may create an account in sign-in mode.</summary>
    public bool AllowRegistration { get; init; } = true;

    /// <summary>How long a sign-in lasts without use, in days (each use renews it).</summary>
    [Range(1, 365)]
    public int SessionDays { get; init; } = 14;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(RequireSignIn, "auto", StringComparison.OrdinalIgnoreCase) && !bool.TryParse(RequireSignIn, out _))
        {
            yield return new ValidationResult($"Web:RequireSignIn '{RequireSignIn}' must be auto, true or false.", [nameof(RequireSignIn)]);
        }
    }
}
