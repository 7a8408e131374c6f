using EmoTune.Core.Faces;
using EmoTune.Vision.Detection;
using OpenCvSharp;

namespace EmoTune.Vision.Tests.Detection;

public sealed class RotatingFaceDetectorTests
{
    /// <summary>The passes run in parallel; a failing one still reaches the caller as its own exception, not wrapped.</summary>
    [Fact]
    public void DetectFaces_APassFails_TheCallerGetsThatException()
    {
        using var sut = new RotatingFaceDetector(new FailingDetector(), new DetectionOptions { RotatedPasses = 20 });
        using var frame = Scenes.Blank();

        var ex = Assert.Throws<InvalidDataException>(() => sut.DetectFaces(frame));

        Assert.Equal("the face model failed", ex.Message);
    }

    /// <summary>Every pass's faces are merged in one order however the passes end: the upright pass's first.</summary>
    [Fact]
    public void DetectFaces_SameFrameManyTimes_SameFacesInTheSameOrder()
    {
        var faces = Faces.Load();
        try
        {
            using var frame = Scenes.Create(faces);
            using var upright = Detectors.Create(DetectionOptions.YuNet);
            var options = new DetectionOptions { RotatedPasses = 20 };
            using var sut = new RotatingFaceDetector(upright, options);
            var first = sut.DetectFaces(frame);

            Assert.Equal(3, first.Length);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(first.Select(f => f.Box), sut.DetectFaces(frame).Select(f => f.Box));
            }
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    /// <summary>A still image gets all three passes while few streams are live, and the upright one only beyond the limit.</summary>
    [Fact]
    public void DetectFaces_LiveStreamsAboveTheLimit_UprightPassOnly()
    {
        var live = new LiveStreams();
        var inner = new Fakes.FixedDetector(new FaceBox(295, 215, 50, 50)); // at the centre the turns turn about: every pass finds the one face
        using var sut = new RotatingFaceDetector(inner, new DetectionOptions { RotatedPasses = 20, RotatedPassesMaxStreams = 1 }, live);
        using var frame = Scenes.Blank();

        live.Frame("stream 1");
        Assert.Single(sut.DetectFaces(frame));
        Assert.Equal(3, inner.Calls);
        Assert.Equal([20.0, -20.0], sut.Turns);

        live.Frame("stream 2");
        Assert.Single(sut.DetectFaces(frame));
        Assert.Equal(4, inner.Calls);
        Assert.Empty(sut.Turns);
    }

    /// <summary>YuNet looks at 960 px while few streams are live (RoomyDetectionMaxStreams) (and for a still image with no stream count), at 640 beyond; a set side wins.</summary>
    [Fact]
    public void YuNet_LiveStreamsAboveTheLimit_DetectsAtTheNarrowerSide()
    {
        var live = new LiveStreams();
        var options = new DetectionOptions { RoomyDetectionMaxStreams = 2 };
        using var sut = new YuNetFaceDetector(options, live);
        using var still = new YuNetFaceDetector(options);
        using var fixedSide = new YuNetFaceDetector(options with { MaxDetectionSide = 800 }, live);
        using var narrow = new YuNetFaceDetector(options with { RoomyDetectionSide = 0 }, live);

        live.Frame("stream 1");
        live.Frame("stream 2");
        Assert.Equal(960, sut.CurrentDetectionSide);
        Assert.Equal(960, still.CurrentDetectionSide);
        Assert.Equal(640, narrow.CurrentDetectionSide);

        live.Frame("stream 3");
        Assert.Equal(640, sut.CurrentDetectionSide);
        Assert.Equal(960, still.CurrentDetectionSide);
        Assert.Equal(800, fixedSide.CurrentDetectionSide);
        Assert.Equal(320, (options with { Detector = DetectionOptions.HaarDefault }).DetectionSideWith(room: true));
    }

    /// <summary>A stream counts until it has been quiet for LiveStreams.Idle; the same stream twice counts once.</summary>
    [Fact]
    public void LiveStreams_QuietStreamsStopCounting()
    {
        var clock = new ManualClock();
        var sut = new LiveStreams(clock);
        object a = new(), b = new();

        sut.Frame(a);
        sut.Frame(a);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        sut.Frame(b);
        Assert.Equal(2, sut.Active);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, sut.Active); // a: quiet for 2.5 s
        sut.Frame(a);
        Assert.Equal(2, sut.Active);
        clock.Advance(LiveStreams.Idle + TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, sut.Active);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class FailingDetector : IFaceDetector
    {
        public FaceBox[] Detect(Mat frame) => throw new InvalidDataException("the face model failed");
    }
}
