using EmoTune.Core.Faces;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Tracking;
using OpenCvSharp;

namespace EmoTune.Vision.Tests.Tracking;

public sealed class FaceFollowerTests
{
    [Fact]
    public void Next_FaceMovingAcrossFrames_FollowedInWindowsWithOneFullDetection()
    {
        using var detector = Detectors.Create(DetectionOptions.YuNet);
        var options = new DetectionOptions { FullDetectionEvery = 8 };
        var sut = new FaceFollower(detector, options);
        var faces = Faces.Load(count: 1);
        try
        {
            for (var step = 0; step < 6; step++)
            {
                var box = new FaceBox(100 + (step * 12), 120 + (step * 5), 150, 150);
                using var frame = Scenes.Create([(faces[0].Face, box)]);

                var found = Assert.Single(sut.Next(frame));

                Assert.True(Scenes.IsNear(found.Box, box), $"frame {step}: found {found.Box}, placed {box}");
                Assert.NotNull(found.Landmarks);
            }

            Assert.Equal(1, sut.FullDetections);
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Fact]
    public void Next_KnownFaceLeaves_FullDetectionAtOnceFindsTheOtherFace()
    {
        using var detector = Detectors.Create(DetectionOptions.YuNet);
        var sut = new FaceFollower(detector, new DetectionOptions { FullDetectionEvery = 100 });
        var faces = Faces.Load(count: 2);
        try
        {
            using var first = Scenes.Create([faces[0]]);
            using var second = Scenes.Create([faces[1]]);

            Assert.True(Scenes.IsNear(Assert.Single(sut.Next(first)).Box, faces[0].Box));
            var found = Assert.Single(sut.Next(second));

            Assert.True(Scenes.IsNear(found.Box, faces[1].Box), $"found {found.Box}, placed {faces[1].Box}");
            Assert.Equal(2, sut.FullDetections);
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Fact]
    public void Next_EmptyFrames_FullDetectionOnlyEveryNthFrame()
    {
        using var detector = Detectors.Create(DetectionOptions.YuNet);
        var sut = new FaceFollower(detector, new DetectionOptions { FullDetectionEvery = 8 });
        using var black = Scenes.Blank(0);

        for (var i = 0; i < 16; i++)
        {
            Assert.Empty(sut.Next(black));
        }

        Assert.Equal(2, sut.FullDetections);
        sut.Reset();
        Assert.Empty(sut.Next(black));
        Assert.Equal(3, sut.FullDetections);
    }

    [Fact]
    public void Next_WithPhase_FirstCycleCutShortAtRandomLaterCyclesWhole()
    {
        using var detector = Detectors.Create(DetectionOptions.YuNet);
        using var black = Scenes.Blank(0);
        // For each seed: the frames (0-based) on which a full detection ran, over 30 frames.
        var firstRepeats = new HashSet<int>();
        for (var seed = 0; seed < 12; seed++)
        {
            var sut = new FaceFollower(detector, new DetectionOptions { FullDetectionEvery = 8 }, new Random(seed));
            var full = new List<int>();
            for (var i = 0; i < 30; i++)
            {
                var before = sut.FullDetections;
                sut.Next(black);
                if (sut.FullDetections > before)
                {
                    full.Add(i);
                }
            }

            Assert.Equal(0, full[0]);
            Assert.InRange(full[1], 1, 8);
            Assert.All(full.Zip(full.Skip(1)).Skip(1), pair => Assert.Equal(8, pair.Second - pair.First));
            firstRepeats.Add(full[1]);
        }

        // Streams that start together spread their full detections instead of all paying in the same frame.
        Assert.True(firstRepeats.Count >= 3, $"the second full detection came on frames {string.Join(", ", firstRepeats)} only");
    }

    [Fact]
    public void Next_EveryFrameSetting_DetectsEveryWholeFrame()
    {
        using var detector = Detectors.Create(DetectionOptions.YuNet);
        var sut = new FaceFollower(detector, new DetectionOptions { FullDetectionEvery = 1 });
        var faces = Faces.Load(count: 1);
        try
        {
            using var frame = Scenes.Create(faces);
            for (var i = 0; i < 3; i++)
            {
                Assert.Single(sut.Next(frame));
            }

            Assert.Equal(3, sut.FullDetections);
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Theory]
    [InlineData(DetectionOptions.YuNet)]
    [InlineData(DetectionOptions.HaarDefault)]
    public void DetectIn_WindowAroundAFace_FindsItInFramePixels(string name)
    {
        using var detector = Detectors.Create(name);
        var faces = Faces.Load(count: 3);
        try
        {
            using var frame = Scenes.Create(faces);
            var place = faces[1].Box;
            var window = new FaceBox(place.X - 80, place.Y - 80, place.Width + 160, place.Height + 160);

            var found = Assert.Single(detector.DetectIn(frame, window));

            Assert.True(Scenes.IsNear(found.Box, place), $"found {found.Box}, placed {place}");
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Fact]
    public void DetectInWindows_ThreeFacesAndAnEmptyWindow_EachFaceInItsOwnWindowOnly()
    {
        using var detector = Detectors.Create(DetectionOptions.YuNet);
        var faces = Faces.Load(count: 3);
        try
        {
            using var frame = Scenes.Create(faces);
            var windows = faces.Select(f => new SearchWindow(new FaceBox(f.Box.X - (f.Box.Width / 2), f.Box.Y - (f.Box.Height / 2), f.Box.Width * 2, f.Box.Height * 2))).Append(new SearchWindow(new FaceBox(560, 400, 80, 80))).ToArray();

            var found = detector.DetectInWindows(frame, windows);

            Assert.Equal(4, found.Length);
            for (var i = 0; i < 3; i++)
            {
                Assert.Contains(found[i], f => Scenes.IsNear(f.Box, faces[i].Box) && f.Landmarks is not null);
            }

            Assert.Empty(found[3]);
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    /// <summary>
    /// The full detection is the upright pass only; the turned passes come one a frame after it, and the face the +20°
    /// pass finds is followed from then on in windows turned by its tilt.
    /// </summary>
    [Fact]
    public void Next_TiltedFace_FoundByATurnedPassInTheNextFramesAndFollowedInTurnedWindows()
    {
        using var upright = Detectors.Create(DetectionOptions.YuNet);
        var options = new DetectionOptions { RotatedPasses = 20, FullDetectionEvery = 8 };
        var counting = new CountingDetector(upright);
        using var detector = new RotatingFaceDetector(counting, options);
        var sut = new FaceFollower(detector, options);
        using var face = Scenes.LoadFace(Faces.Detectable[0].Class, Faces.Detectable[0].File);

        var wholeFramesPerFrame = new List<int>();
        for (var step = 0; step < 6; step++)
        {
            using var frame = Inference.FaceAlignerTests.Rotated(face, 170, 22 + step);
            var before = counting.WholeFrames;

            var found = sut.Next(frame);

            wholeFramesPerFrame.Add(counting.WholeFrames - before);
            if (step < 2)
            {
                continue; // the upright pass may miss it; the +20° pass, in the next frame, must not
            }

            var one = Assert.Single(found);
            Assert.InRange(one.Box.CenterX, 300, 340);
            Assert.InRange(one.Box.CenterY, 220, 260);
            Assert.NotNull(one.Landmarks);
            Assert.InRange(one.Landmarks.RollDegrees, 22 + step - 8, 22 + step + 8);
        }

        Assert.Equal(1, sut.FullDetections);
        Assert.Equal(2, sut.TurnedPasses);
        Assert.All(wholeFramesPerFrame, n => Assert.InRange(n, 0, 1)); // never more than one whole-frame pass a frame
        Assert.Equal(3, wholeFramesPerFrame.Sum());
    }

    /// <summary>A first cycle cut too short for the turned passes (the random phase) leaves them to the next cycle: never three in one frame.</summary>
    [Fact]
    public void Next_FirstCycleCutShort_TurnedPassesWaitForTheNextCycle()
    {
        var options = new DetectionOptions { RotatedPasses = 20, FullDetectionEvery = 8 };
        var inner = new CountingDetector(new Fakes.FixedDetector());
        using var detector = new RotatingFaceDetector(inner, options);
        var sut = new FaceFollower(detector, options, new FixedRandom(7)); // the first cycle is one frame long
        using var black = Scenes.Blank(0);

        var perFrame = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var before = inner.WholeFrames;
            sut.Next(black);
            perFrame.Add(inner.WholeFrames - before);
        }

        Assert.Equal([1, 1, 1, 1], perFrame); // frame 0: upright; frame 1: the next full detection; frames 2 and 3: its turns
        Assert.Equal(2, sut.FullDetections);
        Assert.Equal(2, sut.TurnedPasses);
    }

    private sealed class FixedRandom(int value) : Random
    {
        public override int Next(int maxValue) => Math.Min(value, maxValue - 1);
    }

    /// <summary>Streams report their frames; beyond RotatedPassesMaxStreams live ones, full detections are upright only.</summary>
    [Fact]
    public void Next_MoreLiveStreamsThanTheLimit_NoTurnedPasses()
    {
        var options = new DetectionOptions { RotatedPasses = 20, RotatedPassesMaxStreams = 2, FullDetectionEvery = 8 };
        var live = new LiveStreams();
        var inner = new CountingDetector(new Fakes.FixedDetector());
        using var detector = new RotatingFaceDetector(inner, options, live);
        var followers = Enumerable.Range(0, 3).Select(_ => new FaceFollower(detector, options, streams: live)).ToList();
        using var black = Scenes.Blank(0);

        for (var i = 0; i < 8; i++)
        {
            followers[0].Next(black);
        }

        Assert.Equal(1, live.Active);
        Assert.Equal(2, followers[0].TurnedPasses); // alone: the upright pass, then one turned pass in each of two frames
        Assert.Equal(3, inner.WholeFrames);

        followers[1].Next(black);
        followers[2].Next(black);
        Assert.Equal(3, live.Active);
        var before = inner.WholeFrames;
        for (var i = 0; i < 8; i++)
        {
            followers[0].Next(black);
        }

        Assert.Equal(2, followers[0].TurnedPasses); // three live streams: no more turned passes
        Assert.Equal(1, inner.WholeFrames - before);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(20.0)]
    [InlineData(-35.0)]
    public void SearchWindow_Transform_InverseUndoesForwardAndCentreGoesToTheTileCentre(double roll)
    {
        var window = new SearchWindow(new FaceBox(100, 50, 200, 200), roll);

        var (forward, inverse) = window.Transform(128);

        double[] Apply(double[] m, double x, double y) => [(m[0] * x) + (m[1] * y) + m[2], (m[3] * x) + (m[4] * y) + m[5]];
        var centre = Apply(forward, 200, 150);
        Assert.Equal(64, centre[0], 6);
        Assert.Equal(64, centre[1], 6);
        var back = Apply(inverse, Apply(forward, 137, 92)[0], Apply(forward, 137, 92)[1]);
        Assert.Equal(137, back[0], 6);
        Assert.Equal(92, back[1], 6);
    }

    /// <summary>Counts the whole-frame detections it passes on (windows are not counted).</summary>
    private sealed class CountingDetector(IFaceDetector inner) : IFaceDetector
    {
        private int _wholeFrames;

        public int WholeFrames => _wholeFrames;

        public FaceBox[] Detect(Mat frame) => Array.ConvertAll(DetectFaces(frame), f => f.Box);

        public DetectedFace[] DetectFaces(Mat frame)
        {
            Interlocked.Increment(ref _wholeFrames);
            return inner.DetectFaces(frame);
        }

        public DetectedFace[][] DetectInWindows(Mat frame, IReadOnlyList<SearchWindow> windows) => inner.DetectInWindows(frame, windows);
    }
}
