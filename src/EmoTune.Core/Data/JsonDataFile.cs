using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace EmoTune.Core.Data;

/// <summary>
/// Reading hand-edited JSON data files (the mood table, the music catalogue) so that every error names the file
/// and the line or entry (STYLE.md 11).
/// </summary>
public static class JsonDataFile
{
    /// <summary>The text of an embedded resource, failing clearly when the build left it out.</summary>
    public static string ReadResource(Assembly assembly, string name)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Parses <paramref name="json"/>; a syntax error becomes an <see cref="InvalidDataException"/> naming <paramref name="source"/> and the line.</summary>
    public static JsonDocument Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    /// <summary>The trimmed string property <paramref name="name"/>, which must be present and not blank.</summary>
    /// <param name="entry">The object to read.</param>
    /// <param name="name">The property.</param>
    /// <param name="where">Where the object is, for the error message (<c>catalog.json: entry 3</c>).</param>
    public static string RequiredString(JsonElement entry, string name, string where) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : throw new InvalidDataException($"{where}: \"{name}\" must be a non-empty string.");

    /// <summary>The number property <paramref name="name"/>, which must lie in <paramref name="min"/>–<paramref name="max"/> inclusive.</summary>
    /// <param name="entry">The object to read.</param>
    /// <param name="name">The property.</param>
    /// <param name="where">Where the object is, for the error message.</param>
    /// <param name="min">Smallest accepted value.</param>
    /// <param name="max">Largest accepted value.</param>
    public static double Number(JsonElement entry, string name, string where, double min, double max)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            throw new InvalidDataException($"{where}: \"{name}\" must be a number.");
        }

        var number = value.GetDouble();
        return number >= min && number <= max
            ? number
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{where}: \"{name}\" is {number}, outside {min}–{max}."));
    }
}
