using EmoTune.Testing;
using OpenCvSharp;

namespace EmoTune.Web.Tests;

/// <summary>Small video files the camera tests capture from, written to a temp folder (MJPG in .avi: OpenCV reads it without FFmpeg).</summary>
internal static class TestVideos
{
    public const int Width = 640;
    public const int Height = 480;
    public const double FramesPerSecond = 10;

    /// <summary>Where <see cref="WriteFaceVideo"/> pastes the face: a FER2013 PublicTest "happy" face every detector finds.</summary>
    public static readonly Rect FaceBox = new(40, 60, 150, 150);

    /// <summary>Writes <paramref name="frames"/> frames of a 640×480 shaded scene with one face at <see cref="FaceBox"/>.</summary>
    public static string WriteFaceVideo(string folder, int frames = 8)
    {
        var path = Path.Combine(folder, "faces.avi");
        using var face = Cv2.ImRead(Path.Combine(SharedData.Fer2013Test, "happy", "PublicTest_10130075.jpg"), ImreadModes.Grayscale);
        Assert.False(face.Empty(), $"PublicTest_10130075.jpg missing from {SharedData.Fer2013Test}/happy");
        using var writer = new VideoWriter(path, FourCC.MJPG, FramesPerSecond, new Size(Width, Height), isColor: true);
        Assert.True(writer.IsOpened(), $"OpenCV cannot write MJPG video to {path}");
        var rng = new Random(3);
        var pixels = new byte[Width * Height];
        for (var i = 0; i < frames; i++)
        {
            for (var p = 0; p < pixels.Length; p++)
            {
                pixels[p] = (byte)Math.Clamp(70 + (100 * (p % Width) / Width) + rng.Next(-8, 9), 0, 255);
            }

            using var grey = new Mat(Height, Width, MatType.CV_8UC1);
            grey.SetArray(pixels);
            using var big = new Mat();
            Cv2.Resize(face, big, FaceBox.Size, 0, 0, InterpolationFlags.Cubic);
            using (var target = new Mat(grey, FaceBox))
            {
                big.CopyTo(target);
            }

            using var bgr = new Mat();
            Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
            writer.Write(bgr);
        }

        return path;
    }
}
