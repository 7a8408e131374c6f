using System.Globalization;
using System.Text;
using EmoTune.Core.Emotions;
using EmoTune.Training.Data;

namespace EmoTune.Training.Reports;

/// <summary>Class counts per split, before and after oversampling the training split, as a table and as charts.</summary>
/// <param name="Splits">Counts per class (FER order) by split name.</param>
/// <param name="TrainAfterOversampling">Training-split counts after oversampling at <paramref name="Strength"/>.</param>
/// <param name="Strength">Balance strength used for the "after" counts.</param>
public sealed record DatasetStatistics(IReadOnlyDictionary<string, int[]> Splits, int[] TrainAfterOversampling, double Strength)
{
    /// <summary>Computes the statistics; oversampling is computed on the training split only.</summary>
    public static DatasetStatistics Compute(FaceDataset train, IEnumerable<FaceDataset> others, double strength)
    {
        var splits = new Dictionary<string, int[]>(StringComparer.Ordinal) { ["train"] = train.ClassCounts() };
        foreach (var d in others)
        {
            splits[d.Name] = d.ClassCounts();
        }

        var after = new int[EmotionLabels.Count];
        foreach (var i in ClassBalancer.OversampleIndices(train.Labels, strength, seed: 0))
        {
            after[train.Labels[i]]++;
        }

        return new DatasetStatistics(splits, after, strength);
    }

    /// <summary>A fixed-width table: one row per class, one column per split plus the oversampled training split.</summary>
    public string ToTable()
    {
        var columns = Splits.Keys.Append(string.Create(CultureInfo.InvariantCulture, $"train oversampled (s={Strength:0.##})")).ToList();
        var rows = EmotionLabels.Names.Select((name, c) => (name, Splits.Values.Select(v => v[c]).Append(TrainAfterOversampling[c]).ToArray())).ToList();
        rows.Add(("total", Splits.Values.Select(v => v.Sum()).Append(TrainAfterOversampling.Sum()).ToArray()));
        var widths = columns.Select(c => Math.Max(8, c.Length)).ToArray();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{"class",-10}");
        for (var i = 0; i < columns.Count; i++)
        {
            sb.Append("  ").Append(columns[i].PadLeft(widths[i]));
        }

        sb.AppendLine();
        foreach (var (name, values) in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{name,-10}");
            for (var i = 0; i < values.Length; i++)
            {
                sb.Append("  ").Append(values[i].ToString(CultureInfo.InvariantCulture).PadLeft(widths[i]));
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    /// <summary>Writes bar and pie charts for each split and for the oversampled training split; returns the file names.</summary>
    public IReadOnlyList<string> WriteCharts(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var (split, counts) in Splits.Append(new KeyValuePair<string, int[]>("train-oversampled", TrainAfterOversampling)))
        {
            var title = split == "train-oversampled"
                ? string.Create(CultureInfo.InvariantCulture, $"train after oversampling (strength {Strength:0.##}), {counts.Sum()} images")
                : string.Create(CultureInfo.InvariantCulture, $"{split}, {counts.Sum()} images");
            var bar = $"classes-{split}-bar.png";
            var pie = $"classes-{split}-pie.png";
            Charts.ClassBars(counts, title, Path.Combine(directory, bar));
            Charts.ClassPie(counts, title, Path.Combine(directory, pie));
            files.Add(bar);
            files.Add(pie);
        }

        return files;
    }
}
