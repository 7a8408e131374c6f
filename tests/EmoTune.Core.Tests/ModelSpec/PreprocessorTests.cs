using EmoTune.Core.ModelSpec;

namespace EmoTune.Core.Tests.ModelSpec;

public sealed class PreprocessorTests
{
    private static Preprocessor Create(int side = 4, float mean = 0.5f, float std = 0.25f) =>
        new(new EmotionModelSpec { InputWidth = side, InputHeight = side, Mean = mean, Std = std });

    [Fact]
    public void Process_SameSize_NormalisesEachPixel()
    {
        var p = Create(2);
        var result = p.Process([0, 255, 128, 64], 2, 2);
        Assert.Equal((0f - 0.5f) / 0.25f, result[0], 5);
        Assert.Equal((1f - 0.5f) / 0.25f, result[1], 5);
        Assert.Equal(((128 / 255f) - 0.5f) / 0.25f, result[2], 5);
    }

    [Fact]
    public void Process_HalfSize_AveragesBlocks()
    {
        var p = Create(2, mean: 0, std: 1f / 255);
        byte[] image =
        [
            0, 100, 10, 10,
            100, 0, 10, 10,
            50, 50, 200, 0,
            50, 50, 0, 200,
        ];
        var result = p.Process(image, 4, 4);
        Assert.Equal([50f, 10f, 50f, 100f], result.Select(v => MathF.Round(v, 3)).ToArray());
    }

    [Fact]
    public void Process_Enlarging_KeepsConstantImageConstant()
    {
        var p = Create(7, mean: 0, std: 1f / 255);
        var result = p.Process(Enumerable.Repeat((byte)77, 9).ToArray(), 3, 3);
        Assert.All(result, v => Assert.Equal(77f, v, 3));
    }

    [Fact]
    public void Process_BufferTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => Create().Process(new byte[3], 2, 2));
    }

    [Fact]
    public void Spec_JsonRoundTrip_KeepsValues()
    {
        var spec = new EmotionModelSpec { Architecture = "vgg", Mean = 0.4f, Std = 0.3f };
        var back = EmotionModelSpec.FromJson(spec.ToJson(), "test");
        Assert.Equal("vgg", back.Architecture);
        Assert.Equal(0.4f, back.Mean);
        Assert.Equal(spec.Classes, back.Classes);
    }

    [Theory]
    [InlineData("{ \"format\": 1, \"std\": 0 }", "std")]
    [InlineData("{ \"format\": 2 }", "format")]
    [InlineData("{ \"classes\": [\"happy\"] }", "classes")]
    [InlineData("not json", "not a valid")]
    public void Spec_FromJson_RejectsBadSpecs(string json, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => EmotionModelSpec.FromJson(json, "model.onnx.json"));
        Assert.Contains("model.onnx.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
