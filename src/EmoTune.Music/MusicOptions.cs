using System.ComponentModel.DataAnnotations;

namespace EmoTune.Music;

/// <summary>Where the music side keeps its data, bound from <c>Music</c> and validated at start-up.</summary>
public sealed class MusicOptions : IValidatableObject
{
    /// <summary>Where feedback lives when nothing is configured: <c>$XDG_DATA_HOME/emotune/emotune.db</c>, else <c>~/.local/share/emotune/emotune.db</c>.</summary>
    public static string DefaultDatabasePath
    {
        get
        {
            var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(data, "emotune", "emotune.db");
        }
    }

    /// <summary>Configuration section.</summary>
    public const string SectionName = "Music";

    /// <summary>The SQLite file that holds feedback (created when missing).</summary>
    [Required]
    public string DatabasePath { get; init; } = "";

    /// <summary>A mood table to use instead of the shipped <c>Moods/mood-map.json</c>; empty for the shipped one.</summary>
    public string MoodMapPath { get; init; } = "";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(MoodMapPath) && !File.Exists(MoodMapPath))
        {
            yield return new ValidationResult($"Music:MoodMapPath '{MoodMapPath}' does not exist.", [nameof(MoodMapPath)]);
        }
    }
}
