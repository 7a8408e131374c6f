using System.Diagnostics.CodeAnalysis;
using EmoTune.Core.Emotions;

namespace EmoTune.Web.Apis;

/// <summary>
/// The named values of requests (emotion, strategy, kind), by name only, in any case. Not <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>
/// nor <see cref="EmotionLabels.TryParse"/>: those also take numbers ("1" was stored as a skip) and, for enums, lists
/// ("match,lift").
/// </summary>
internal static class RequestNames
{
    public static bool TryParseEmotion(string? text, [NotNullWhen(true)] out Emotion? emotion)
    {
        var trimmed = text?.Trim();
        var index = EmotionLabels.Names.ToList().FindIndex(n => string.Equals(n, trimmed, StringComparison.OrdinalIgnoreCase));
        emotion = index < 0 ? null : (Emotion)index;
        return emotion is not null;
    }

    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        var trimmed = text?.Trim();
        var name = Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, trimmed, StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<TEnum>(name);
        return name is not null;
    }

    /// <summary>The lower-case names of <typeparamref name="TEnum"/>, for messages: "match, lift, calm".</summary>
    public static string Of<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
}
