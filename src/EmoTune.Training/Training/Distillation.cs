using EmoTune.Core;
using EmoTune.Core.Emotions;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;

namespace EmoTune.Training.Training;

/// <summary>
/// Knowledge distillation (Hinton et al. 2015) from teachers evaluated with test-time views: each training image's soft
/// target is the mean probability of every teacher over every view of the clean image. The student then learns in one
/// pass what the teachers reach only with several views (or several networks). Teachers see training images only.
/// </summary>
public static class Distillation
{
    private const int FileMagic = 0x54444D45; // "EMDT"

    /// <summary>Soft targets (images × 7, row-major) for <paramref name="train"/>: the mean over teachers and views.</summary>
    /// <exception cref="FileNotFoundException">A teacher file is missing.</exception>
    public static float[] TeacherProbabilities(IReadOnlyList<string> teachers, int views, FaceDataset train, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(teachers.Count);
        var set = TestTimeView.Set(views);
        var all = new List<float[]>();
        for (var t = 0; t < teachers.Count; t++)
        {
            using var teacher = ModelLoader.Open(teachers[t]);
            var offset = t * train.Count;
            var perTeacher = progress is null ? null : new SynchronousProgress<int>(n => progress.Report(offset + n));
            all.AddRange(DatasetPredictor.Predict(teacher, train, set, progress: perTeacher, ct: ct));
        }

        return DatasetPredictor.Average(all);
    }

    /// <summary>
    /// The soft targets of <paramref name="options"/>' teachers for <paramref name="train"/>, read from <paramref name="cache"/>
    /// when it holds targets of the same teacher files, views and training split (a resumed run), computed and written there otherwise.
    /// </summary>
    public static float[] LoadOrCompute(TrainingOptions options, FaceDataset train, string cache, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        if (options.Teachers is not { Count: > 0 } teachers)
        {
            throw new ArgumentException("The options name no teacher.", nameof(options));
        }

        if (options.DistillationWeight is not (> 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DistillationWeight, "The soft-target weight must be in (0, 1].");
        }

        var key = CacheKey(teachers, options.TeacherViews, train);
        if (Read(cache, key) is { } cached && cached.Length == train.Count * EmotionLabels.Count)
        {
            return cached;
        }

        var probabilities = TeacherProbabilities(teachers, options.TeacherViews, train, progress, ct);
        Write(cache, key, probabilities);
        return probabilities;
    }

    /// <summary>
    /// What the cached targets were computed from: each teacher's full path, size and modification time, the views, and
    /// the training split's name, size and labels.
    /// </summary>
    public static string CacheKey(IReadOnlyList<string> teachers, int views, FaceDataset train)
    {
        var files = teachers.Select(t => new FileInfo(t)).Select(f => $"{f.FullName}|{(f.Exists ? f.Length : -1)}|{(f.Exists ? f.LastWriteTimeUtc.Ticks : 0)}");
        var labels = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(train.Labels));
        return $"{string.Join(';', files)};views={views};{train.Name}:{train.Count}:{labels}";
    }

    /// <summary>Reads targets written by <see cref="Write"/> under <paramref name="key"/>; null when the file is missing, not such a file, or for another key.</summary>
    public static float[]? Read(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var reader = new BinaryReader(File.OpenRead(path));
        int count;
        try
        {
            if (reader.ReadInt32() != FileMagic || reader.ReadString() != key)
            {
                return null;
            }

            count = reader.ReadInt32();
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or IOException)
        {
            return null;
        }

        if (count < 0 || reader.BaseStream.Length - reader.BaseStream.Position != 4L * count)
        {
            return null;
        }

        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }

    /// <summary>Writes targets (atomically: a temporary file, then moved).</summary>
    public static void Write(string path, string key, float[] probabilities)
    {
        using (var writer = new BinaryWriter(File.Create(path + ".tmp")))
        {
            writer.Write(FileMagic);
            writer.Write(key);
            writer.Write(probabilities.Length);
            foreach (var p in probabilities)
            {
                writer.Write(p);
            }
        }

        File.Move(path + ".tmp", path, overwrite: true);
    }
}
