using System.Diagnostics.CodeAnalysis;

namespace EmoTune.Core.Emotions;

/// <summary>Names of the emotions in FER2013's index order, and conversions between names and <see cref="Emotion"/>.</summary>
public static class EmotionLabels
{
    /// <summary>Number of classes.</summary>
    public const int Count = 7;

    /// <summary>Lower-case class names in FER2013 index order: angry, disgust, fear, happy, sad, surprise, neutral.</summary>
    public static IReadOnlyList<string> Names { get; } = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

    /// <summary>All emotions in index order.</summary>
    public static IReadOnlyList<Emotion> All { get; } = Enum.GetValues<Emotion>();

    /// <summary>The lower-case name of <paramref name="emotion"/>.</summary>
    public static string ToName(this Emotion emotion) => Names[(int)emotion];

    /// <summary>Parses a class name (case-insensitive, ordinal) or a numeric label 0–6.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Emotion? emotion)
    {
        emotion = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(Names[i], trimmed, StringComparison.OrdinalIgnoreCase))
            {
                emotion = (Emotion)i;
                return true;
            }
        }

        if (int.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            && index is >= 0 and < Count)
        {
            emotion = (Emotion)index;
            return true;
        }

        return false;
    }

    /// <summary>Parses a class name or label, throwing <see cref="ArgumentException"/> naming the valid names.</summary>
    public static Emotion Parse(string text) =>
        TryParse(text, out var emotion)
            ? emotion.Value
            : throw new ArgumentException($"'{text}' is not an emotion; expected one of {string.Join(", ", Names)}.", nameof(text));
}
