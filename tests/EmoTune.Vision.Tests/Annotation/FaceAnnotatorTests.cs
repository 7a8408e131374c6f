using EmoTune.Core.Emotions;
using EmoTune.Core.Faces;
using EmoTune.Vision.Annotation;
using OpenCvSharp;

namespace EmoTune.Vision.Tests.Annotation;

public sealed class FaceAnnotatorTests
{
    [Theory]
    [InlineData(null, "happy 87%")]
    [InlineData(3, "#3 happy 87%")]
    public void Label_ShowsTrackTopEmotionAndPercent(int? trackId, string expected)
    {
        var scores = new EmotionScores([0.01f, 0.01f, 0.02f, 0.87f, 0.03f, 0.03f, 0.03f]);

        Assert.Equal(expected, FaceAnnotator.Label(scores, trackId));
    }

    [Fact]
    public void Draw_BoxEdgesAreYellow_InsideAndFarAwayUntouched()
    {
        using var canvas = new Mat(240, 320, MatType.CV_8UC3, Scalar.All(100));

        FaceAnnotator.Draw(canvas, [(new FaceBox(100, 80, 60, 60), "#1 sad 50%")]);

        var edge = canvas.At<Vec3b>(110, 100);
        Assert.Equal(new Vec3b(0, 215, 255), edge);
        Assert.Equal(new Vec3b(100, 100, 100), canvas.At<Vec3b>(110, 130));
        Assert.Equal(new Vec3b(100, 100, 100), canvas.At<Vec3b>(230, 310));
        // The label sits on a black band above the box.
        Assert.Equal(new Vec3b(0, 0, 0), canvas.At<Vec3b>(77, 101));
    }
}
