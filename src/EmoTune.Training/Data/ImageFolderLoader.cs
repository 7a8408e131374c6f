using System.Collections.Concurrent;
using EmoTune.Core.Emotions;

namespace EmoTune.Training.Data;

/// <summary>
/// Loads the image-folder layout <c>&lt;split&gt;/&lt;class&gt;/*.jpg|png</c> (as in <c>../shared/datasets/fer2013</c>).
/// Class folders must be FER2013 class names; every image is decoded to 48×48 grey.
/// </summary>
public static class ImageFolderLoader
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    /// <summary>Loads one split folder. Throws <see cref="DatasetException"/> naming the path on any malformed input.</summary>
    /// <param name="splitDirectory">Folder whose subfolders are class names.</param>
    /// <param name="size">Side of the square output images.</param>
    /// <param name="progress">Receives the number of images decoded so far.</param>
    /// <param name="ct">Cancels loading.</param>
    public static FaceDataset Load(string splitDirectory, int size = 48, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        if (!Directory.Exists(splitDirectory))
        {
            throw new DatasetException($"{splitDirectory}: folder not found.");
        }

        var files = new List<(string Path, byte Label)>();
        foreach (var classDir in Directory.EnumerateDirectories(splitDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(classDir);
            if (!EmotionLabels.TryParse(name, out var emotion) || int.TryParse(name, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                throw new DatasetException($"{classDir}: unknown class folder '{name}'; expected one of {string.Join(", ", EmotionLabels.Names)}.");
            }

            var images = Directory.EnumerateFiles(classDir)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            files.AddRange(images.Select(f => (f, (byte)emotion.Value)));
        }

        if (files.Count == 0)
        {
            throw new DatasetException($"{splitDirectory}: no images found (expected <class>/*.jpg|png with classes {string.Join(", ", EmotionLabels.Names)}).");
        }

        var imageSize = size * size;
        var pixels = new byte[files.Count * imageSize];
        var errors = new ConcurrentBag<string>();
        var done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                var bytes = File.ReadAllBytes(files[i].Path);
                GreyImageDecoder.Decode(bytes, size, size, pixels.AsSpan(i * imageSize, imageSize), files[i].Path);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                errors.Add(ex is InvalidDataException ? ex.Message : $"{files[i].Path}: {ex.Message}");
            }

            var n = Interlocked.Increment(ref done);
            if (n % 1000 == 0)
            {
                progress?.Report(n);
            }
        });
        progress?.Report(files.Count);

        if (!errors.IsEmpty)
        {
            var sorted = errors.Order(StringComparer.Ordinal).ToList();
            throw new DatasetException($"{sorted.Count} unreadable image(s) in {splitDirectory}; first: {sorted[0]}");
        }

        return new FaceDataset(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(splitDirectory)),
            size,
            size,
            pixels,
            files.Select(f => f.Label).ToArray(),
            files.Select(f => f.Path).ToArray());
    }
}
