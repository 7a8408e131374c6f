using EmoTune.Core.ModelSpec;
using SkiaSharp;

namespace EmoTune.Training.Data;

/// <summary>Decodes JPEG/PNG files to 8-bit grey at a fixed size (resampled with the shared preprocessing maths).</summary>
public static class GreyImageDecoder
{
    /// <summary>Largest accepted image side; larger files are rejected rather than decoded.</summary>
    public const int MaxSide = 8192;

    /// <summary>Decodes <paramref name="encoded"/> into <paramref name="destination"/> (<paramref name="width"/>×<paramref name="height"/> bytes).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a decodable image or the image is too large.</exception>
    public static void Decode(ReadOnlySpan<byte> encoded, int width, int height, Span<byte> destination, string source)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException($"{source}: not a decodable image.");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || info.Width > MaxSide || info.Height > MaxSide)
        {
            throw new InvalidDataException($"{source}: image size {info.Width}x{info.Height} is outside 1–{MaxSide} pixels per side.");
        }

        var rgbaInfo = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(rgbaInfo);
        var result = codec.GetPixels(rgbaInfo, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new InvalidDataException($"{source}: decoding failed ({result}).");
        }

        var rgba = bitmap.GetPixelSpan();
        var grey = new byte[info.Width * info.Height];
        for (int i = 0, p = 0; i < grey.Length; i++, p += 4)
        {
            // ITU-R BT.601 luma, as OpenCV's COLOR_RGB2GRAY, so training and live frames agree.
            grey[i] = (byte)Math.Clamp((int)Math.Round((0.299 * rgba[p]) + (0.587 * rgba[p + 1]) + (0.114 * rgba[p + 2])), 0, 255);
        }

        if (info.Width == width && info.Height == height)
        {
            grey.CopyTo(destination);
            return;
        }

        var resampled = new float[width * height];
        Preprocessor.Resample(grey, info.Width, info.Height, info.Width, resampled, width, height);
        for (var i = 0; i < resampled.Length; i++)
        {
            destination[i] = (byte)Math.Clamp((int)MathF.Round(resampled[i]), 0, 255);
        }
    }
}
