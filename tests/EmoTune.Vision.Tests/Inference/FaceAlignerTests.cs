using EmoTune.Core.Faces;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;
using OpenCvSharp;

namespace EmoTune.Vision.Tests.Inference;

public sealed class FaceAlignerTests
{
    [Theory]
    [InlineData(20.0)]
    [InlineData(-20.0)]
    public void Align_FaceRotatedBy20Degrees_EyesLevelWithin3Degrees(double rotation)
    {
        using var detector = Detectors.Create(DetectionOptions.YuNet);
        using var face = Scenes.LoadFace(Faces.Detectable[0].Class, Faces.Detectable[0].File);
        using var frame = Rotated(face, 200, rotation);

        var found = Assert.Single(detector.DetectFaces(frame));
        Assert.NotNull(found.Landmarks);
        Assert.InRange(found.Landmarks.RollDegrees, rotation - 8, rotation + 8);
        using var crop = new Mat();
        FaceAligner.Align(frame, found.Landmarks, FaceFraming.Fer2013, 48, crop);

        // The aligned crop, put on a plain canvas, is upright for YuNet too.
        using var canvas = new Mat(crop.Height * 2, crop.Width * 2, MatType.CV_8UC1, Scalar.All(120));
        using (var target = new Mat(canvas, new Rect(crop.Width / 2, crop.Height / 2, crop.Width, crop.Height)))
        {
            crop.CopyTo(target);
        }

        var again = Assert.Single(detector.DetectFaces(canvas));
        Assert.NotNull(again.Landmarks);
        Assert.InRange(again.Landmarks.RollDegrees, -3, 3);
    }

    /// <summary>
    /// Why the wider look (DetectionOptions.RoomyDetectionSide) only adds faces: on the frame enlarged to 960 px this
    /// 200 px face becomes 300 px and its 20° tilt reads as about 11°, short of the 12–28° the 640 px look reads (the
    /// test above), so a face found both ways keeps the 640 px landmarks.
    /// </summary>
    [Fact]
    public void Align_LargeFaceOnAnEnlargedFrame_TiltReadShort()
    {
        using var enlarged = Detectors.Create(DetectionOptions.YuNet, o => o with { MaxDetectionSide = 960 });
        using var usual = Detectors.Create(DetectionOptions.YuNet, o => o with { RoomyDetectionSide = 0 });
        using var widerLook = Detectors.Create(DetectionOptions.YuNet);
        using var face = Scenes.LoadFace(Faces.Detectable[0].Class, Faces.Detectable[0].File);
        using var frame = Rotated(face, 200, 20);

        var atNineSixty = Assert.Single(enlarged.DetectFaces(frame));
        var atSixForty = Assert.Single(usual.DetectFaces(frame));
        var both = Assert.Single(widerLook.DetectFaces(frame));

        Assert.InRange(atNineSixty.Landmarks!.RollDegrees, 5, 12);
        Assert.Equal(atSixForty, both);
    }

    [Fact]
    public void Align_UprightFace_EyesWhereFer2013PutsThem()
    {
        using var detector = Detectors.Create(DetectionOptions.YuNet);
        using var face = Scenes.LoadFace(Faces.Detectable[2].Class, Faces.Detectable[2].File);
        using var frame = Rotated(face, 160, 0);
        var found = Assert.Single(detector.DetectFaces(frame));
        using var crop = new Mat();

        FaceAligner.Align(frame, found.Landmarks!, FaceFraming.Fer2013, 48, crop);

        // The crop is cut at the face's own scale, square, between 48 and 4 × 48 pixels.
        Assert.Equal(crop.Width, crop.Height);
        Assert.InRange(crop.Width, 48, 192);
        Assert.InRange(crop.Width, FaceFraming.Fer2013.CropSide(found.Landmarks!) - 1, FaceFraming.Fer2013.CropSide(found.Landmarks!) + 1);
    }

    /// <summary>A grey 640×480 frame with <paramref name="face"/> enlarged to <paramref name="side"/> px, rotated about its centre (clockwise on screen), with a feathered edge.</summary>
    internal static Mat Rotated(Mat face, int side, double rotation)
    {
        using var background = Scenes.Background(seed: 3);
        using var big = new Mat();
        Cv2.Resize(face, big, new Size(side, side), 0, 0, InterpolationFlags.Cubic);
        using var canvas = background.Clone();
        using (var target = new Mat(canvas, new Rect(320 - (side / 2), 240 - (side / 2), side, side)))
        {
            big.CopyTo(target);
        }

        using var mask = new Mat(480, 640, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(mask, new Rect(320 - (side / 2) + 4, 240 - (side / 2) + 4, side - 8, side - 8), Scalar.All(255), -1);
        Cv2.GaussianBlur(mask, mask, new Size(0, 0), 3);
        using var rotation2d = Cv2.GetRotationMatrix2D(new Point2f(320, 240), -rotation, 1);
        using var turned = new Mat();
        using var turnedMask = new Mat();
        Cv2.WarpAffine(canvas, turned, rotation2d, canvas.Size(), InterpolationFlags.Linear, BorderTypes.Replicate);
        Cv2.WarpAffine(mask, turnedMask, rotation2d, mask.Size());
        var frame = background.Clone();
        turned.CopyTo(frame, turnedMask);
        return frame;
    }
}
