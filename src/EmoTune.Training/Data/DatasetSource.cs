namespace EmoTune.Training.Data;

/// <summary>
/// Opens a FER2013 dataset given either the Kaggle CSV or a folder with <c>train/</c> and <c>test/</c> image folders,
/// and returns the named splits. The training split and the evaluation split always come from different files.
/// </summary>
public static class DatasetSource
{
    /// <summary>Loads split <paramref name="split"/> (<c>train</c>, <c>test</c> or <c>private</c>) from <paramref name="path"/>.</summary>
    /// <remarks>
    /// A folder may be the dataset root (holding <c>train/</c>, <c>test/</c>) or a split folder itself (holding class folders),
    /// in which case <paramref name="split"/> is ignored.
    /// </remarks>
    public static FaceDataset Load(string path, string split, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        if (File.Exists(path))
        {
            var splits = Fer2013CsvLoader.Load(path, ct);
            return splits.TryGetValue(split, out var data)
                ? data
                : throw new DatasetException($"{path}: no rows with split '{split}' (found: {string.Join(", ", splits.Keys)}).");
        }

        if (!Directory.Exists(path))
        {
            throw new DatasetException($"{path}: no such file or folder (expected fer2013.csv or a folder with train/ and test/).");
        }

        var splitDir = Path.Combine(path, split);
        if (Directory.Exists(splitDir))
        {
            return ImageFolderLoader.Load(splitDir, progress: progress, ct: ct);
        }

        if (IsSplitFolder(path))
        {
            return ImageFolderLoader.Load(path, progress: progress, ct: ct);
        }

        throw new DatasetException($"{path}: no '{split}' folder (expected {path}/{split}/<class>/*.jpg).");
    }

    /// <summary>True when <paramref name="path"/> directly holds class folders.</summary>
    public static bool IsSplitFolder(string path) =>
        Directory.EnumerateDirectories(path).Any(d => Core.Emotions.EmotionLabels.Names.Contains(Path.GetFileName(d), StringComparer.OrdinalIgnoreCase));
}
