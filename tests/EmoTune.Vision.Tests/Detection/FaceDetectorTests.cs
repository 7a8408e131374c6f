using EmoTune.Core.Faces;
using EmoTune.Testing;
using EmoTune.Vision.Detection;
using OpenCvSharp;

namespace EmoTune.Vision.Tests.Detection;

public sealed class FaceDetectorTests
{
    /// <summary>Detector, BGR (else grey) frame, and the detection size: LBP's 45 px window needs the full 640 px frame.</summary>
    public static TheoryData<string, bool, int> DetectorsAndColours => new()
    {
        { DetectionOptions.HaarDefault, false, 320 },
        { DetectionOptions.HaarDefault, true, 320 },
        { DetectionOptions.HaarAlt2, false, 320 },
        { DetectionOptions.Lbp, false, 640 },
        { "yunet", false, 320 },
        { "yunet", true, 320 },
    };

    public static TheoryData<string> AllDetectors => [DetectionOptions.HaarDefault, DetectionOptions.HaarAlt2, DetectionOptions.Lbp, "yunet"];

    [Theory]
    [MemberData(nameof(DetectorsAndColours))]
    public void Detect_PastedFerFaces_FindsEachNearWhereItWasPut(string detector, bool bgr, int detectionSide)
    {
        foreach (var first in new[] { 0, 3 })
        {
            var faces = Faces.Load(first);
            try
            {
                using var grey = Scenes.Create(faces, seed: first + 1);
                using var frame = bgr ? Scenes.ToBgr(grey) : grey.Clone();
                using var sut = Detectors.Create(detector, o => o with { MaxDetectionSide = detectionSide });

                var found = sut.Detect(frame);

                var summary = $"{detector}: placed [{string.Join("; ", faces.Select(f => f.Box))}], found [{string.Join("; ", found)}]";
                Assert.True(found.Length == faces.Count, summary);
                Assert.All(faces, f => Assert.True(found.Any(b => Scenes.IsNear(b, f.Box)), $"{f.Box} not found. {summary}"));
            }
            finally
            {
                Faces.Dispose(faces);
            }
        }
    }

    [Fact]
    public void Detect_YuNetOnAFrameSmallerThanItsSide_EnlargesItAndMapsBoxesBackToTheFrame()
    {
        var faces = Faces.Load();
        try
        {
            // The scene at half size (320×240, faces 65–80 px), YuNet set to 960: enlarged 2× (its limit), to 640×480.
            using var full = Scenes.Create(faces);
            using var small = new Mat();
            Cv2.Resize(full, small, new Size(Scenes.Width / 2, Scenes.Height / 2), 0, 0, InterpolationFlags.Area);
            using var sut = Detectors.Create("yunet", o => o with { MaxDetectionSide = 960 });

            var found = sut.DetectFaces(small);

            var placed = faces.Select(f => new FaceBox(f.Box.X / 2, f.Box.Y / 2, f.Box.Width / 2, f.Box.Height / 2)).ToList();
            var summary = $"placed [{string.Join("; ", placed)}], found [{string.Join("; ", found.Select(f => f.Box))}]";
            Assert.True(found.Length == placed.Count, summary);
            Assert.All(placed, p => Assert.True(found.Any(f => Scenes.IsNear(f.Box, p)), $"{p} not found. {summary}"));
            Assert.All(found, f => Assert.True(f.Box.X >= 0 && f.Box.Y >= 0 && f.Box.X + f.Box.Width <= small.Width && f.Box.Y + f.Box.Height <= small.Height, $"{f.Box} outside the 320×240 frame"));
            Assert.All(found, f => Assert.InRange(f.Landmarks!.RightEye.X, f.Box.X, f.Box.X + f.Box.Width));
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Theory]
    [MemberData(nameof(AllDetectors))]
    public void Detect_BlankFrame_FindsNothing(string detector)
    {
        using var frame = Scenes.Blank();
        using var sut = Detectors.Create(detector);

        Assert.Empty(sut.Detect(frame));
    }

    [Theory]
    [MemberData(nameof(AllDetectors))]
    public void DetectFaces_AllBlackFrame_FindsNothing(string detector)
    {
        using var frame = Scenes.Blank(0);
        using var bgr = Scenes.ToBgr(frame);
        using var sut = Detectors.Create(detector);

        Assert.Empty(sut.DetectFaces(frame));
        Assert.Empty(sut.DetectFaces(bgr));
        Assert.Empty(sut.DetectIn(frame, new FaceBox(100, 100, 200, 200)));
    }

    [Fact]
    public void DetectFaces_YuNet_FiveLandmarksInsideEachBox()
    {
        var faces = Faces.Load();
        try
        {
            using var frame = Scenes.Create(faces);
            using var sut = Detectors.Create(DetectionOptions.YuNet);

            var found = sut.DetectFaces(frame);

            Assert.Equal(3, found.Length);
            Assert.Equal(sut.Detect(frame), found.Select(f => f.Box));
            foreach (var face in found)
            {
                var l = Assert.IsType<Core.Faces.FaceLandmarks>(face.Landmarks);
                Assert.All([l.RightEye, l.LeftEye, l.Nose, l.MouthRight, l.MouthLeft], p =>
                    Assert.True(p.X >= face.Box.X && p.X <= face.Box.X + face.Box.Width && p.Y >= face.Box.Y && p.Y <= face.Box.Y + face.Box.Height, $"{p} outside {face.Box}"));
                Assert.True(l.RightEye.X < l.LeftEye.X, "YuNet's right eye is the one on the image's left");
                Assert.True(l.Nose.Y > l.EyeCentre.Y && l.MouthLeft.Y > l.Nose.Y, "eyes, nose, mouth from top to bottom");
            }
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Theory]
    [MemberData(nameof(AllDetectors))]
    public void Detect_NoiseAndShadedBackground_FindsNothing(string detector)
    {
        using var sut = Detectors.Create(detector);
        for (var seed = 1; seed <= 3; seed++)
        {
            using var noise = Scenes.Noise(seed);
            using var background = Scenes.Background(seed);

            Assert.Empty(sut.Detect(noise));
            Assert.Empty(sut.Detect(background));
        }
    }

    [Theory]
    [InlineData(DetectionOptions.HaarDefault)]
    [InlineData("yunet")]
    public void Detect_FrameLargerThanDetectionSize_BoxesAreInFramePixels(string detector)
    {
        var faces = Faces.Load();
        try
        {
            using var small = Scenes.Create(faces);
            using var large = new Mat();
            Cv2.Resize(small, large, new Size(Scenes.Width * 2, Scenes.Height * 2), 0, 0, InterpolationFlags.Linear);
            using var sut = Detectors.Create(detector);

            var found = sut.Detect(large);

            Assert.Equal(faces.Count, found.Length);
            Assert.All(faces, f =>
            {
                var doubled = new FaceBox(f.Box.X * 2, f.Box.Y * 2, f.Box.Width * 2, f.Box.Height * 2);
                Assert.Contains(found, b => Scenes.IsNear(b, doubled));
            });
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Fact]
    public void Detect_MaxFacesOne_KeepsTheLargest()
    {
        using var scene = BigAndLittle(out var bigBox, out _);
        using var sut = Detectors.Create(DetectionOptions.HaarDefault, o => o with { MaxFaces = 1 });

        var found = Assert.Single(sut.Detect(scene));

        Assert.True(Scenes.IsNear(found, bigBox), $"Expected the face near {bigBox}, found {found}.");
    }

    [Fact]
    public void Detect_MinFaceSize_DropsSmallerFaces()
    {
        using var scene = BigAndLittle(out var bigBox, out var littleBox);
        using var all = Detectors.Create(DetectionOptions.HaarDefault);
        using var bigOnly = Detectors.Create(DetectionOptions.HaarDefault, o => o with { MinFaceSize = 160 });

        var both = all.Detect(scene);
        var found = Assert.Single(bigOnly.Detect(scene));

        Assert.Equal(2, both.Length);
        Assert.True(Scenes.IsNear(both[0], bigBox) && Scenes.IsNear(both[1], littleBox), $"found [{string.Join("; ", both)}]: largest first");
        Assert.True(Scenes.IsNear(found, bigBox), $"found {found}");
    }

    [Fact]
    public void Detect_BgraFrame_SameBoxesAsGrey()
    {
        var faces = Faces.Load();
        try
        {
            using var grey = Scenes.Create(faces);
            using var bgra = new Mat();
            Cv2.CvtColor(grey, bgra, ColorConversionCodes.GRAY2BGRA);
            using var sut = Detectors.Create(DetectionOptions.HaarDefault);

            Assert.Equal(sut.Detect(grey), sut.Detect(bgra));
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Theory]
    [MemberData(nameof(AllDetectors))]
    public void Detect_EmptyMat_FindsNothing(string detector)
    {
        using var empty = new Mat();
        using var sut = Detectors.Create(detector);

        Assert.Empty(sut.Detect(empty));
    }

    [Fact]
    public void Detect_FloatFrame_IsRefused()
    {
        using var frame = new Mat(100, 100, MatType.CV_32FC1, Scalar.All(0.5));
        using var sut = Detectors.Create(DetectionOptions.HaarDefault);

        var ex = Assert.Throws<ArgumentException>(() => sut.Detect(frame));

        Assert.Contains("8-bit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void YuNet_FramesOfChangingSize_EachDetectedAtItsOwnScale()
    {
        var faces = Faces.Load();
        try
        {
            using var frame = Scenes.Create(faces);
            using var narrow = new Mat(frame, new Rect(0, 0, 440, 480));
            using var sut = Detectors.Create("yunet");

            Assert.Equal(3, sut.Detect(frame).Length);
            var inNarrow = sut.Detect(narrow);
            Assert.Equal(2, inNarrow.Length);
            Assert.Contains(inNarrow, b => Scenes.IsNear(b, Faces.Places[0]));
            Assert.Equal(3, sut.Detect(frame).Length);
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    /// <summary>
    /// Whole-frame detections from several streams at once run on the pool of native detectors: every call finds what a
    /// lone call finds, and no more detectors are made than the pool allows.
    /// </summary>
    [Fact]
    public void YuNet_ConcurrentWholeFrameDetections_EachFindsWhatALoneCallFinds()
    {
        var faces = Faces.Load();
        try
        {
            using var frame = Scenes.Create(faces);
            using var narrow = new Mat(frame, new Rect(0, 0, 440, 480));
            using var detector = new YuNetFaceDetector(new DetectionOptions { Detector = "yunet" });
            var alone = detector.Detect(frame);
            var aloneNarrow = detector.Detect(narrow);
            Assert.Equal(3, alone.Length);

            var results = new FaceBox[64][];
            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = detector.Detect(i % 4 == 3 ? narrow : frame));

            for (var i = 0; i < results.Length; i++)
            {
                Assert.Equal(i % 4 == 3 ? aloneNarrow : alone, results[i]);
            }

            Assert.InRange(detector.DetectorsCreated, 1, detector.MaxConcurrentDetections);
            Assert.Equal(Math.Clamp(Environment.ProcessorCount, 1, 4), detector.MaxConcurrentDetections);
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    /// <summary>A 220 px face and a 100 px face.</summary>
    private static Mat BigAndLittle(out FaceBox bigBox, out FaceBox littleBox)
    {
        using var big = Scenes.LoadFace(Faces.Detectable[0].Class, Faces.Detectable[0].File);
        using var little = Scenes.LoadFace(Faces.Detectable[1].Class, Faces.Detectable[1].File);
        bigBox = new FaceBox(60, 60, 220, 220);
        littleBox = new FaceBox(400, 150, 100, 100);
        return Scenes.Create([(big, bigBox), (little, littleBox)]);
    }
}
