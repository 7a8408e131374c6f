using System.Globalization;
using EmoTune.Core.Emotions;

namespace EmoTune.Training.Data;

/// <summary>
/// Loads Kaggle's <c>fer2013.csv</c>: header <c>emotion,pixels,Usage</c>, one face per line, 2,304 space-separated
/// grey values (48×48), Usage one of Training, PublicTest, PrivateTest. Any malformed line fails naming file and line.
/// </summary>
public static class Fer2013CsvLoader
{
    /// <summary>Side of a FER2013 image.</summary>
    public const int Side = 48;

    /// <summary>Loads every line and groups it by Usage: keys <c>train</c>, <c>test</c> (PublicTest), <c>private</c> (PrivateTest).</summary>
    public static IReadOnlyDictionary<string, FaceDataset> Load(string csvPath, CancellationToken ct = default)
    {
        if (!File.Exists(csvPath))
        {
            throw new DatasetException($"{csvPath}: file not found.");
        }

        var pixels = new Dictionary<string, List<byte>>(StringComparer.Ordinal);
        var labels = new Dictionary<string, List<byte>>(StringComparer.Ordinal);
        var sources = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using var reader = new StreamReader(csvPath);
        var header = reader.ReadLine() ?? throw new DatasetException($"{csvPath}: empty file.");
        var columns = header.Split(',').Select(c => c.Trim()).ToArray();
        var emotionCol = Array.FindIndex(columns, c => string.Equals(c, "emotion", StringComparison.Ordinal));
        var pixelsCol = Array.FindIndex(columns, c => string.Equals(c, "pixels", StringComparison.Ordinal));
        var usageCol = Array.FindIndex(columns, c => string.Equals(c, "Usage", StringComparison.Ordinal));
        if (emotionCol < 0 || pixelsCol < 0)
        {
            throw new DatasetException($"{csvPath}:1: header must have columns emotion,pixels[,Usage]; got '{header}'.");
        }

        var lineNumber = 1;
        var image = new byte[Side * Side];
        while (reader.ReadLine() is { } line)
        {
            ct.ThrowIfCancellationRequested();
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != columns.Length)
            {
                throw new DatasetException($"{csvPath}:{lineNumber}: expected {columns.Length} fields, found {fields.Length}.");
            }

            if (!int.TryParse(fields[emotionCol], NumberStyles.None, CultureInfo.InvariantCulture, out var label) || label is < 0 or >= EmotionLabels.Count)
            {
                throw new DatasetException($"{csvPath}:{lineNumber}: emotion '{fields[emotionCol]}' is not a label 0–{EmotionLabels.Count - 1}.");
            }

            ParsePixels(fields[pixelsCol], image, csvPath, lineNumber);
            var split = usageCol < 0 ? "train" : MapUsage(fields[usageCol].Trim(), csvPath, lineNumber);
            if (!pixels.TryGetValue(split, out var list))
            {
                pixels[split] = list = [];
                labels[split] = [];
                sources[split] = [];
            }

            list.AddRange(image);
            labels[split].Add((byte)label);
            sources[split].Add($"{csvPath}:{lineNumber}");
        }

        if (labels.Count == 0)
        {
            throw new DatasetException($"{csvPath}: no data lines after the header.");
        }

        return labels.Keys.ToDictionary(
            k => k,
            k => new FaceDataset(k, Side, Side, [.. pixels[k]], [.. labels[k]], [.. sources[k]]),
            StringComparer.Ordinal);
    }

    private static string MapUsage(string usage, string path, int line) => usage switch
    {
        "Training" => "train",
        "PublicTest" => "test",
        "PrivateTest" => "private",
        _ => throw new DatasetException($"{path}:{line}: Usage '{usage}' is not Training, PublicTest or PrivateTest."),
    };

    private static void ParsePixels(string text, byte[] image, string path, int line)
    {
        var span = text.AsSpan().Trim();
        var count = 0;
        foreach (var range in span.Split(' '))
        {
            var token = span[range];
            if (token.IsEmpty)
            {
                continue;
            }

            if (count >= image.Length)
            {
                throw new DatasetException($"{path}:{line}: more than {image.Length} pixel values.");
            }

            if (!byte.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new DatasetException($"{path}:{line}: pixel {count + 1} '{token.ToString()}' is not an integer 0–255.");
            }

            image[count++] = value;
        }

        if (count != image.Length)
        {
            throw new DatasetException($"{path}:{line}: {count} pixel values; a 48x48 image needs {image.Length}.");
        }
    }
}
