using EmoTune.Core.Faces;

namespace EmoTune.Core.Tests.Faces;

public sealed class FaceFramingTests
{
    [Theory]
    [InlineData(0.0, 60.0)]
    [InlineData(20.0, 60.0)]
    [InlineData(-25.0, 35.0)]
    [InlineData(40.0, 100.0)]
    public void Transform_TiltedEyes_LevelAndWhereTheFramingPutsThem(double rollDegrees, double eyeDistance)
    {
        var framing = new FaceFraming(0.494, 0.38, 0.378);
        var landmarks = CreateLandmarks(320, 200, eyeDistance, rollDegrees);
        const int side = 96;

        var m = framing.Transform(landmarks, side);
        var (rx, ry) = Apply(m, landmarks.RightEye);
        var (lx, ly) = Apply(m, landmarks.LeftEye);

        Assert.Equal(ry, ly, 6);
        Assert.Equal(framing.EyeDistance * side, Math.Abs(lx - rx), 6);
        Assert.Equal(framing.EyeCentreX * side, (rx + lx) / 2, 6);
        Assert.Equal(framing.EyeCentreY * side, (ry + ly) / 2, 6);
        Assert.True(rx < lx, "the eye on the image's left stays on the left");
    }

    [Fact]
    public void Transform_EyesNamedTheOtherWayRound_SameMapNotUpsideDown()
    {
        var framing = FaceFraming.Fer2013;
        var landmarks = CreateLandmarks(100, 100, 40, 10);
        var swapped = landmarks with { RightEye = landmarks.LeftEye, LeftEye = landmarks.RightEye };

        Assert.Equal(framing.Transform(landmarks, 48), framing.Transform(swapped, 48));
        var nose = Apply(framing.Transform(landmarks, 48), landmarks.Nose);
        Assert.True(nose.Y > framing.EyeCentreY * 48, "the nose stays below the eyes");
    }

    [Fact]
    public void CropSide_IsEyeDistanceOverTheFramingsShare()
    {
        var landmarks = CreateLandmarks(0, 0, 37.8, 5);

        Assert.Equal(100, FaceFraming.Fer2013.CropSide(landmarks), 6);
    }

    [Fact]
    public void Transform_EyesCoincide_Refused()
    {
        var p = new FacePoint(10, 10);
        var landmarks = new FaceLandmarks(p, p, p, p, p);

        Assert.Throws<ArgumentException>(() => FaceFraming.Fer2013.Transform(landmarks, 48));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(20.0)]
    [InlineData(-15.0)]
    public void RollDegrees_IsTheEyeLinesAngle(double roll)
    {
        Assert.Equal(roll, CreateLandmarks(50, 50, 30, roll).RollDegrees, 6);
    }

    /// <summary>Eyes <paramref name="distance"/> apart about (cx, cy), the line turned by <paramref name="roll"/> (clockwise on screen); nose and mouth below.</summary>
    private static FaceLandmarks CreateLandmarks(double cx, double cy, double distance, double roll)
    {
        var a = roll * Math.PI / 180;
        FacePoint At(double u, double v) => new(cx + (u * Math.Cos(a)) - (v * Math.Sin(a)), cy + (u * Math.Sin(a)) + (v * Math.Cos(a)));
        var h = distance / 2;
        return new FaceLandmarks(At(-h, 0), At(h, 0), At(0, distance * 0.6), At(-h * 0.8, distance), At(h * 0.8, distance));
    }

    private static (double X, double Y) Apply(double[] m, FacePoint p) => ((m[0] * p.X) + (m[1] * p.Y) + m[2], (m[3] * p.X) + (m[4] * p.Y) + m[5]);
}
