using EmoTune.Cli.Benchmarks;
using EmoTune.Core.Faces;
using EmoTune.Testing;
using EmoTune.Vision.Detection;
using OpenCvSharp;

namespace EmoTune.Cli.Tests.Benchmarks;

public sealed class SceneGeneratorTests
{
    [Fact]
    public void Create_SameSeedAndIndex_SameFrameAndFaces()
    {
        var a = new SceneGenerator(SharedData.Fer2013Test, seed: 5);
        var b = new SceneGenerator(SharedData.Fer2013Test, seed: 5);

        for (var i = 0; i < 4; i++)
        {
            using var x = a.Create(i);
            using var y = b.Create(i);
            Assert.Equal(x.Faces, y.Faces);
            Assert.Equal(x.Brightness, y.Brightness);
            Assert.Equal(0, Cv2.Norm(x.Frame, y.Frame, NormTypes.L1));
        }
    }

    [Fact]
    public void Create_ManyFrames_FacesWithinTheDocumentedRangesAndSomeFramesEmpty()
    {
        var sut = new SceneGenerator(SharedData.Fer2013Test, seed: 1);
        var scenes = Enumerable.Range(0, 60).Select(sut.Create).ToList();
        try
        {
            var faces = scenes.SelectMany(s => s.Faces).ToList();
            Assert.All(scenes, s => Assert.Equal(new Size(640, 480), s.Frame.Size()));
            Assert.All(scenes, s => Assert.InRange(s.Faces.Count, 0, 4));
            Assert.Contains(scenes, s => s.Faces.Count == 0);
            Assert.All(faces, f => Assert.InRange(f.Side, SceneGenerator.MinSide, SceneGenerator.MaxSide));
            Assert.All(faces, f => Assert.InRange(Math.Abs(f.Rotation), 0, SceneGenerator.MaxRotation));
            Assert.All(faces, f => Assert.InRange(f.Label, 0, 6));
            Assert.Contains(faces, f => f.Side < 80);
            Assert.Contains(faces, f => f.Side > 160);
            Assert.Contains(scenes, s => s.Lighting == "dark");
            Assert.Contains(scenes, s => s.Lighting == "bright");

            // Faces never overlap: centres are further apart than their half sides.
            Assert.All(scenes, s => Assert.All(s.Faces, f => Assert.All(s.Faces.Where(g => g != f), g =>
                Assert.True(Math.Max(Math.Abs(f.CentreX - g.CentreX), Math.Abs(f.CentreY - g.CentreY)) >= (f.Side + g.Side) / 2))));
        }
        finally
        {
            scenes.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void SceneFace_Contains_FollowsTheRotatedSquare()
    {
        var face = new SceneFace(3, 100, 100, 40, 45, "x.jpg");

        Assert.True(face.Contains(100, 100));
        Assert.True(face.Contains(100, 127)); // along the diagonal of the turned square: reach 20·√2 ≈ 28
        Assert.False(face.Contains(119, 119)); // a corner of the unturned square lies outside the turned one
    }

    [Fact]
    public void Match_DetectionsBySizeAndPlace_EachCountedOnce()
    {
        SceneFace[] faces = [new(3, 100, 100, 80, 0, "a"), new(4, 300, 100, 60, 0, "b")];
        DetectedFace[] found =
        [
            new(new FaceBox(65, 65, 70, 70)), // the first face
            new(new FaceBox(70, 70, 60, 60)), // the first face again: a false positive
            new(new FaceBox(290, 90, 20, 20)), // centred on the second face, but a third of its size: no match
            new(new FaceBox(500, 300, 60, 60)), // nowhere
        ];

        var matches = SceneBench.Match(faces, found);

        Assert.Equal([0, -1], matches);
    }

    [Fact]
    public void Constructor_FolderMissing_ClearMessage()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => new SceneGenerator("/nonexistent/fer", 1));

        Assert.Contains("/nonexistent/fer", ex.Message, StringComparison.Ordinal);
    }
}
