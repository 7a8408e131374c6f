using System.Text;
using EmoTune.Web.Metrics;
using EmoTune.Web.Streaming;

namespace EmoTune.Web.Tests.OnDevice;

/// <summary>What <see cref="FaceResultsMessage"/> takes and refuses: the on-device page's results, never trusted blindly.</summary>
public sealed class FaceResultsMessageTests
{
    private const string Good = """{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":10,"y":20,"width":100,"height":120},"probabilities":[0.1,0.1,0.1,0.4,0.1,0.1,0.1]}]}""";

    [Fact]
    public void TryParse_GoodMessage_GivesTheFacesAndTheirScores()
    {
        var ok = Parse(Good, out var width, out var height, out var faces, out var error, out _);

        Assert.True(ok, error);
        Assert.Equal((640, 480), (width, height));
        var face = Assert.Single(faces);
        Assert.Equal(new Core.Faces.FaceBox(10, 20, 100, 120), face.Box);
        Assert.Equal(Core.Emotions.Emotion.Happy, face.Scores.Top);
        Assert.Equal(0.4f, face.Scores.Confidence);
    }

    [Fact]
    public void TryParse_NoFaces_IsAValidFrame()
    {
        Assert.True(Parse("""{"type":"faces","width":640,"height":480,"faces":[]}""", out _, out _, out var faces, out _, out _));
        Assert.Empty(faces);
    }

    [Theory]
    [InlineData("hello", "not JSON")]
    [InlineData("[1,2]", "\"type\":\"faces\"")]
    [InlineData("""{"frame":1}""", "\"type\":\"faces\"")]
    [InlineData("""{"type":"frame","width":640,"height":480,"faces":[]}""", "\"type\":\"faces\"")]
    public void TryParse_NotAResultsMessage_IsMalformed(string json, string expected)
    {
        Assert.False(Parse(json, out _, out _, out _, out var error, out var reason));
        Assert.Equal(FrameErrorReasons.MalformedMessage, reason);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("binary JPEG or PNG", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"faces","height":480,"faces":[]}""", "width: a whole number is required")]
    [InlineData("""{"type":"faces","width":640.5,"height":480,"faces":[]}""", "width: 640.5 is not a whole number")]
    [InlineData("""{"type":"faces","width":0,"height":480,"faces":[]}""", "0x480 is not a frame size")]
    [InlineData("""{"type":"faces","width":100000,"height":100000,"faces":[]}""", "is not a frame size")]
    [InlineData("""{"type":"faces","width":640,"height":480}""", "faces: an array is required")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[1]}""", "faces[0]: an object is required")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"probabilities":[0.1,0.1,0.1,0.4,0.1,0.1,0.1]}]}""", "faces[0].box: an object is required")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":"a","y":0,"width":10,"height":10},"probabilities":[0.1,0.1,0.1,0.4,0.1,0.1,0.1]}]}""", "faces[0].box.x: a whole number is required")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":600,"y":0,"width":100,"height":10},"probabilities":[0.1,0.1,0.1,0.4,0.1,0.1,0.1]}]}""", "does not lie inside the 640x480 frame")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":-1,"y":0,"width":10,"height":10},"probabilities":[0.1,0.1,0.1,0.4,0.1,0.1,0.1]}]}""", "does not lie inside")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":0,"y":0,"width":0,"height":10},"probabilities":[0.1,0.1,0.1,0.4,0.1,0.1,0.1]}]}""", "does not lie inside")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":0,"y":0,"width":10,"height":10},"probabilities":[0.2,0.2,0.2,0.2,0.2]}]}""", "faces[0].probabilities: an array of 7 numbers is required")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":0,"y":0,"width":10,"height":10},"probabilities":[0.1,0.1,0.1,0.4,0.1,0.1,0.1,0.0]}]}""", "an array of 7 numbers")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":0,"y":0,"width":10,"height":10},"probabilities":[1.5,-0.5,0,0,0,0,0]}]}""", "faces[0].probabilities[0]: 1.5 is not a probability")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":0,"y":0,"width":10,"height":10},"probabilities":["x",0,0,1,0,0,0]}]}""", "faces[0].probabilities[0]: \"x\" is not a probability")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":0,"y":0,"width":10,"height":10},"probabilities":[0.1,0.1,0.1,0.1,0.1,0.1,0.1]}]}""", "they sum to 0.7, not 1")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":0,"y":0,"width":10,"height":10},"probabilities":[0.1,0.1,0.1,0.4,0.1,0.1,0.102]}]}""", "they sum to 1.002")]
    [InlineData("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":0,"y":0,"width":10,"height":10},"probabilities":[0.1,0.1,0.1,0.4,0.1,0.1,1e400]}]}""", "is not a probability")]
    public void TryParse_BadResults_NameTheFieldAndTheProblem(string json, string expected)
    {
        Assert.False(Parse(json, out _, out _, out _, out var error, out var reason));
        Assert.Equal(FrameErrorReasons.BadResults, reason);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MoreFacesThanAllowed_IsRefused()
    {
        var face = """{"box":{"x":0,"y":0,"width":10,"height":10},"probabilities":[0.1,0.1,0.1,0.4,0.1,0.1,0.1]}""";
        var json = $$"""{"type":"faces","width":640,"height":480,"faces":[{{string.Join(",", Enumerable.Repeat(face, 9))}}]}""";

        Assert.False(Parse(json, out _, out _, out _, out var error, out _));
        Assert.Contains("9 faces; at most 8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_SumWithinTolerance_IsAccepted()
    {
        Assert.True(Parse("""{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":0,"y":0,"width":10,"height":10},"probabilities":[0.1,0.1,0.1,0.4,0.1,0.1,0.1009]}]}""", out _, out _, out _, out var error, out _), error);
    }

    [Fact]
    public void TryParse_OverTheByteLimit_IsRefusedUnread()
    {
        var json = "{\"type\":\"faces\",\"width\":640,\"height\":480,\"faces\":[],\"pad\":\"" + new string('x', FaceResultsMessage.MaxBytes) + "\"}";

        Assert.False(Parse(json, out _, out _, out _, out var error, out _));
        Assert.Contains($"limited to {FaceResultsMessage.MaxBytes} bytes", error, StringComparison.Ordinal);
    }

    private static bool Parse(string json, out int width, out int height, out IReadOnlyList<Vision.Inference.FaceResult> faces, out string? error, out string reason) =>
        FaceResultsMessage.TryParse(Encoding.UTF8.GetBytes(json), 8, 4096L * 4096, out width, out height, out faces, out error, out reason);
}
