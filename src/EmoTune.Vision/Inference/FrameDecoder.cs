using System.Buffers.Binary;
using OpenCvSharp;

namespace EmoTune.Vision.Inference;

/// <summary>
/// Turns JPEG or PNG bytes into a BGR <see cref="Mat"/>, refusing anything else, and refusing images whose header
/// declares more pixels than <see cref="MaxPixels"/> before a single pixel is decoded (a small file can claim a huge
/// image: a decompression bomb).
/// </summary>
/// <param name="MaxPixels">Largest width × height accepted.</param>
public sealed record FrameDecoder(long MaxPixels = 4096L * 4096)
{
    /// <summary>Reads the width and height a JPEG or PNG header declares; null when the bytes are neither.</summary>
    public static (int Width, int Height)? ReadSize(ReadOnlySpan<byte> data)
    {
        // PNG: 8-byte signature, then the IHDR chunk with big-endian width and height.
        if (data.Length >= 24 && data[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ((int)BinaryPrimitives.ReadUInt32BigEndian(data[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
        }

        // JPEG: walk the segments to the first start-of-frame marker (SOF0–SOF15 but DHT, JPG and DAC).
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            return null;
        }

        var i = 2;
        while (i + 9 < data.Length)
        {
            if (data[i] != 0xFF)
            {
                return null;
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]));
            }

            if (length < 2)
            {
                return null;
            }

            i += 2 + length;
        }

        return null;
    }

    /// <summary>Decodes <paramref name="data"/> to BGR; dispose the result.</summary>
    /// <exception cref="InvalidImageException">Not a JPEG/PNG, too many pixels, or undecodable.</exception>
    public Mat Decode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new InvalidImageException("The image is empty.");
        }

        var size = ReadSize(data) ?? throw new InvalidImageException("Not a JPEG or PNG image (unrecognised header).");
        if (size.Width <= 0 || size.Height <= 0)
        {
            throw new InvalidImageException($"The image header declares an invalid size {size.Width}x{size.Height}.");
        }

        if ((long)size.Width * size.Height > MaxPixels)
        {
            throw new InvalidImageException($"The image is {size.Width}x{size.Height}; at most {MaxPixels:N0} pixels are accepted.");
        }

        Mat mat;
        try
        {
            mat = Cv2.ImDecode(data, ImreadModes.Color);
        }
        catch (OpenCVException ex)
        {
            throw new InvalidImageException($"The image could not be decoded: {ex.Message}", ex);
        }

        if (mat.Empty())
        {
            mat.Dispose();
            throw new InvalidImageException("The image could not be decoded (corrupt or truncated data).");
        }

        return mat;
    }
}
