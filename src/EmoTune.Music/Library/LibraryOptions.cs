using System.ComponentModel.DataAnnotations;

namespace EmoTune.Music.Library;

/// <summary>
/// The local music library, bound from <c>Music:Library</c> and validated at start-up. The cache lives in the music
/// database (<c>Music:DatabasePath</c>); playable folders are <see cref="Folders"/> plus every folder a
/// <c>emotune library scan</c> recorded there.
/// </summary>
public sealed class LibraryOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Music:Library";

    /// <summary>Extra folders whose indexed tracks may be played (each must exist); scanned folders are allowed anyway.</summary>
    public IReadOnlyList<string> Folders { get; init; } = [];

    /// <summary>Seconds of audio decoded from the middle of each track for its features.</summary>
    [Range(5, 600)]
    public int ExcerptSeconds { get; init; } = 30;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Folders.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Folders[i]) || !Directory.Exists(Folders[i]))
            {
                yield return new ValidationResult($"Music:Library:Folders:{i} '{Folders[i]}' is not an existing folder.", [nameof(Folders)]);
            }
        }
    }
}
