using EmoTune.Core.Emotions;

namespace EmoTune.Training.Data;

/// <summary>
/// An in-memory split of 48×48 grey faces: pixels stored contiguously (one byte per pixel), a label per image,
/// and where each image came from (file path or CSV line) so errors and reports can name it.
/// </summary>
public sealed class FaceDataset
{
    /// <summary>Creates a dataset; <paramref name="pixels"/> holds <c>labels.Length × width × height</c> bytes.</summary>
    public FaceDataset(string name, int width, int height, byte[] pixels, byte[] labels, string[] sources)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (pixels.Length != (long)labels.Length * width * height || sources.Length != labels.Length)
        {
            throw new ArgumentException($"Dataset '{name}': {pixels.Length} pixel bytes, {labels.Length} labels and {sources.Length} sources do not agree for {width}x{height} images.");
        }

        if (labels.Any(l => l >= EmotionLabels.Count))
        {
            throw new ArgumentException($"Dataset '{name}': a label is outside 0–{EmotionLabels.Count - 1}.");
        }

        Name = name;
        Width = width;
        Height = height;
        Pixels = pixels;
        Labels = labels;
        Sources = sources;
    }

    /// <summary>Split name (train, test, PublicTest…).</summary>
    public string Name { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Pixel bytes of all images, row-major, image after image.</summary>
    public byte[] Pixels { get; }

    /// <summary>Label per image (FER2013 index).</summary>
    public byte[] Labels { get; }

    /// <summary>Where each image came from.</summary>
    public string[] Sources { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Bytes per image.</summary>
    public int ImageSize => Width * Height;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * ImageSize, ImageSize);

    /// <summary>Images per class, in FER2013 order.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[EmotionLabels.Count];
        foreach (var l in Labels)
        {
            counts[l]++;
        }

        return counts;
    }

    /// <summary>A new dataset holding the images at <paramref name="indices"/> (copied, in that order).</summary>
    public FaceDataset Subset(IReadOnlyList<int> indices, string? name = null)
    {
        var pixels = new byte[indices.Count * ImageSize];
        var labels = new byte[indices.Count];
        var sources = new string[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Image(indices[i]).CopyTo(pixels.AsSpan(i * ImageSize));
            labels[i] = Labels[indices[i]];
            sources[i] = Sources[indices[i]];
        }

        return new FaceDataset(name ?? Name, Width, Height, pixels, labels, sources);
    }

    /// <summary>A class-stratified subset of at most <paramref name="perClass"/> images per class, chosen with <paramref name="seed"/>.</summary>
    public FaceDataset StratifiedSample(int perClass, int seed)
    {
        var rng = new Random(seed);
        var chosen = new List<int>();
        for (var c = 0; c < EmotionLabels.Count; c++)
        {
            var ofClass = Enumerable.Range(0, Count).Where(i => Labels[i] == c).ToArray();
            rng.Shuffle(ofClass);
            chosen.AddRange(ofClass.Take(perClass));
        }

        chosen.Sort();
        return Subset(chosen);
    }
}
