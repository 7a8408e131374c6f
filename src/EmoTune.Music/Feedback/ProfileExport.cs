using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmoTune.Music.Feedback;

/// <summary>Everything EmoTune stores about one profile, for "export my data".</summary>
/// <param name="ProfileId">The profile.</param>
/// <param name="ExportedAt">When the export was made, in UTC.</param>
/// <param name="Feedback">Every feedback event of the profile, oldest first.</param>
public sealed record ProfileExport(string ProfileId, DateTimeOffset ExportedAt, IReadOnlyList<FeedbackEvent> Feedback)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The export as indented JSON with camelCase names and enums as words (<c>"kind": "skip"</c>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads an export written by <see cref="ToJson"/>.</summary>
    public static ProfileExport FromJson(string json) =>
        JsonSerializer.Deserialize<ProfileExport>(json, JsonOptions) ?? throw new InvalidDataException("The export is empty.");
}
