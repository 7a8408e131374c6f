using EmoTune.Testing;
using OpenCvSharp;

namespace EmoTune.Web.Tests;

/// <summary>Images the tests make: scenes with FER2013 test faces pasted at known places, encoded as JPEG or PNG.</summary>
internal static class TestImages
{
    // FER2013 PublicTest faces the vision tests show every detector finds at ~150 px.
    private static readonly (string Class, string File, Rect Box)[] Faces =
    [
        ("happy", "PublicTest_10130075.jpg", new Rect(40, 60, 150, 150)),
        ("surprise", "PublicTest_11056779.jpg", new Rect(250, 260, 160, 160)),
        ("sad", "PublicTest_11314873.jpg", new Rect(470, 80, 130, 130)),
    ];

    /// <summary>A 640×480 JPEG with the first <paramref name="faces"/> faces on a shaded background.</summary>
    public static byte[] Scene(int faces, string extension = ".jpg")
    {
        var pixels = new byte[480 * 640];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(70 + (100 * (i % 640) / 640));
        }

        using var frame = new Mat(480, 640, MatType.CV_8UC1);
        frame.SetArray(pixels);

        foreach (var (cls, file, box) in Faces.Take(faces))
        {
            using var face = Cv2.ImRead(Path.Combine(SharedData.Fer2013Test, cls, file), ImreadModes.Grayscale);
            Assert.False(face.Empty(), $"{file} missing from {SharedData.Fer2013Test}");
            using var big = new Mat();
            Cv2.Resize(face, big, box.Size, 0, 0, InterpolationFlags.Cubic);
            using var target = new Mat(frame, box);
            big.CopyTo(target);
        }

        using var bgr = new Mat();
        Cv2.CvtColor(frame, bgr, ColorConversionCodes.GRAY2BGR);
        return bgr.ImEncode(extension);
    }

    /// <summary>A valid PNG header that declares <paramref name="width"/>×<paramref name="height"/> pixels, and nothing else.</summary>
    public static byte[] PngHeader(uint width, uint height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52 }.CopyTo(bytes, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8;
        return bytes;
    }
}
