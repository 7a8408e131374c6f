using System.Globalization;
using System.Text.Json;
using EmoTune.Core.Data;
using EmoTune.Core.Emotions;

namespace EmoTune.Core.Moods;

/// <summary>
/// The table that places each of the seven emotions in Russell's circumplex. The shipped table is
/// <c>Moods/mood-map.json</c> (embedded); another table with the same shape can be loaded from a file.
/// </summary>
/// <remarks>
/// Placements follow Russell (1980), "A circumplex model of affect", J. Personality and Social Psychology 39(6),
/// and Posner, Russell and Peterson (2005): anger and fear are unpleasant and highly activated, sadness unpleasant
/// and deactivated, happiness pleasant and moderately activated, surprise activated and slightly pleasant, and a
/// neutral face is read as calm. The numbers are the EmoTune team's reading of those figures on a 0–1 scale.
/// </remarks>
public sealed class MoodMap
{
    private const string ResourceName = "EmoTune.Core.Moods.mood-map.json";
    private readonly MoodRegion[] _regions;

    private MoodMap(MoodRegion[] regions) => _regions = regions;

    /// <summary>The shipped table.</summary>
    public static MoodMap Default { get; } = LoadDefault();

    /// <summary>All regions in FER2013 index order.</summary>
    public IReadOnlyList<MoodRegion> Regions => _regions;

    /// <summary>The region of <paramref name="emotion"/>.</summary>
    public MoodRegion this[Emotion emotion] => _regions[(int)emotion];

    /// <summary>
    /// The probability-weighted centre of the regions: a face that is 60 % sad and 40 % neutral sits between the two.
    /// </summary>
    public MoodPoint Blend(EmotionScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        double valence = 0, arousal = 0, total = 0;
        for (var i = 0; i < EmotionLabels.Count; i++)
        {
            var p = scores.Probabilities[i];
            valence += p * _regions[i].Centre.Valence;
            arousal += p * _regions[i].Centre.Arousal;
            total += p;
        }

        return total <= 0 ? _regions[(int)Emotion.Neutral].Centre : new MoodPoint(valence / total, arousal / total);
    }

    /// <summary>Loads a table from a JSON file; errors name the file and the entry.</summary>
    public static MoodMap Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Parses a table: <c>{"regions":[{"emotion":"sad","mood":"sad","valence":0.2,"arousal":0.25,
    /// "valenceSpread":0.15,"arousalSpread":0.15}, …]}</c> with every emotion exactly once and every number in 0–1.
    /// </summary>
    /// <exception cref="InvalidDataException">The table is malformed; the message names <paramref name="source"/> and the entry.</exception>
    public static MoodMap Parse(string json, string source)
    {
        using (var document = JsonDataFile.Parse(json, source))
        {
            if (!document.RootElement.TryGetProperty("regions", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{source}: expected an object with a \"regions\" array.");
            }

            var regions = new MoodRegion?[EmotionLabels.Count];
            var index = 0;
            foreach (var entry in list.EnumerateArray())
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"{source}: region {index}");
                var emotionText = JsonDataFile.RequiredString(entry, "emotion", where);
                if (!EmotionLabels.TryParse(emotionText, out var emotion))
                {
                    throw new InvalidDataException($"{where}: '{emotionText}' is not an emotion; expected one of {string.Join(", ", EmotionLabels.Names)}.");
                }

                if (regions[(int)emotion.Value] is not null)
                {
                    throw new InvalidDataException($"{where}: {emotionText} appears twice.");
                }

                var centre = new MoodPoint(JsonDataFile.Number(entry, "valence", where, 0, 1), JsonDataFile.Number(entry, "arousal", where, 0, 1));
                regions[(int)emotion.Value] = new MoodRegion(
                    emotion.Value,
                    JsonDataFile.RequiredString(entry, "mood", where),
                    centre,
                    Spread(entry, "valenceSpread", where),
                    Spread(entry, "arousalSpread", where));
                index++;
            }

            var missing = EmotionLabels.All.Where(e => regions[(int)e] is null).Select(e => e.ToName()).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException($"{source}: no region for {string.Join(", ", missing)}.");
            }

            return new MoodMap(regions.Select(r => r!).ToArray());
        }
    }

    private static MoodMap LoadDefault() => Parse(JsonDataFile.ReadResource(typeof(MoodMap).Assembly, ResourceName), ResourceName);

    private static double Spread(JsonElement entry, string name, string where)
    {
        var spread = JsonDataFile.Number(entry, name, where, 0, 1);
        return spread > 0 ? spread : throw new InvalidDataException($"{where}: \"{name}\" must be greater than 0.");
    }
}
