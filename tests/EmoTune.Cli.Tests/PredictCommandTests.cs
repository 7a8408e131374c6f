using System.Text.Json;
using EmoTune.Testing;
using OpenCvSharp;

namespace EmoTune.Cli.Tests;

public sealed class PredictCommandTests
{
    [Fact]
    public async Task Predict_ImageWithAFace_JsonOnStdoutAndTheAnnotatedFileNamedOnStderr()
    {
        using var dir = TempFolder.Create();
        var image = dir.Combine("scene.png");
        WriteScene(image, Path.Combine(SharedData.Fer2013Test, "happy", "PublicTest_10130075.jpg"));
        var annotated = dir.Combine("scene.annotated.png");

        var result = await EmoTuneProcess.RunAsync("predict", image, "--json", "--annotate", annotated);

        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        using var doc = JsonDocument.Parse(result.Stdout);
        var face = Assert.Single(Assert.Single(doc.RootElement.EnumerateArray()).GetProperty("faces").EnumerateArray());
        Assert.Equal("happy", face.GetProperty("emotion").GetString());
        Assert.True(File.Exists(annotated));
        Assert.Contains($"wrote {annotated}", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A 640×480 grey frame with the face enlarged to 160 px in the middle.</summary>
    private static void WriteScene(string path, string face)
    {
        using var grey = Cv2.ImRead(face, ImreadModes.Grayscale);
        using var frame = new Mat(480, 640, MatType.CV_8UC1, Scalar.All(120));
        using var big = new Mat();
        Cv2.Resize(grey, big, new Size(160, 160), 0, 0, InterpolationFlags.Cubic);
        using var target = new Mat(frame, new Rect(240, 160, 160, 160));
        big.CopyTo(target);
        Cv2.ImWrite(path, frame);
    }
}
