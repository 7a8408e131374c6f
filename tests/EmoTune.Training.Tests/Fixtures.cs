using EmoTune.Core.Emotions;
using EmoTune.Testing;
using EmoTune.Training.Data;
using SkiaSharp;

namespace EmoTune.Training.Tests;

/// <summary>Small datasets the tests make themselves: temporary folders of PNGs, CSV files, in-memory sets.</summary>
internal static class Fixtures
{
    /// <summary>A new empty temporary folder, removed when the returned handle is disposed.</summary>
    public static TempFolder CreateTempFolder() => TempFolder.Create();

    /// <summary>A grey image whose pixels are a seeded pattern, distinct for every (seed) value.</summary>
    public static byte[] CreatePixels(int seed, int side = 48)
    {
        var rng = new Random(seed);
        var pixels = new byte[side * side];
        rng.NextBytes(pixels);
        return pixels;
    }

    /// <summary>Writes <paramref name="pixels"/> as an 8-bit grey PNG.</summary>
    public static void WritePng(string path, byte[] pixels, int side = 48)
    {
        var info = new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>
    /// Writes a split folder (<c>&lt;class&gt;/*.png</c>) with <paramref name="perClass"/>[c] images of class c; every
    /// image is unique, its pixels drawn from seed <c>seedBase + running index</c>.
    /// </summary>
    public static void WriteSplit(string splitDirectory, int[] perClass, int seedBase)
    {
        var n = 0;
        for (var c = 0; c < perClass.Length; c++)
        {
            for (var i = 0; i < perClass[c]; i++, n++)
            {
                WritePng(Path.Combine(splitDirectory, EmotionLabels.Names[c], $"img_{n:D5}.png"), CreatePixels(seedBase + n));
            }
        }
    }

    /// <summary>An in-memory dataset with <paramref name="perClass"/>[c] unique images of class c.</summary>
    public static FaceDataset CreateDataset(int[] perClass, int seedBase, string name = "fixture")
    {
        var total = perClass.Sum();
        var pixels = new byte[total * 48 * 48];
        var labels = new byte[total];
        var sources = new string[total];
        var n = 0;
        for (var c = 0; c < perClass.Length; c++)
        {
            for (var i = 0; i < perClass[c]; i++, n++)
            {
                CreatePixels(seedBase + n).CopyTo(pixels.AsSpan(n * 48 * 48));
                labels[n] = (byte)c;
                sources[n] = $"{name}#{n}";
            }
        }

        return new FaceDataset(name, 48, 48, pixels, labels, sources);
    }

    /// <summary>One FER2013 CSV line.</summary>
    public static string CsvLine(int emotion, byte[] pixels, string usage) =>
        $"{emotion},{string.Join(' ', pixels)},{usage}";
}
