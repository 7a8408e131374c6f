using EmoTune.Training.Data;

namespace EmoTune.Training.Tests.Data;

public sealed class AugmenterTests
{
    [Fact]
    public void Apply_BlurCertain_SmoothsAnEdgeAndKeepsFlatAreas()
    {
        var sut = new Augmenter(AugmentationOptions.Off with { BlurProbability = 1 });
        var output = new float[48 * 48];

        sut.Apply(CreateStep(), 48, 48, output, new Random(1));

        var row = output.AsSpan(24 * 48, 48);
        Assert.InRange(row[23], 0.05f, 0.95f); // the edge is no longer sharp
        Assert.InRange(row[24], 0.05f, 0.95f);
        Assert.Equal(0f, row[5], 3); // far from the edge: as it was
        Assert.Equal(1f, row[44], 3);
    }

    [Fact]
    public void Apply_LowResolutionCertain_FineDetailGoesFlatAreasStay()
    {
        var sut = new Augmenter(AugmentationOptions.Off with { LowResolutionProbability = 1 });
        var checker = new byte[48 * 48];
        for (var i = 0; i < checker.Length; i++)
        {
            checker[i] = (byte)(((i % 48) + (i / 48)) % 2 == 0 ? 0 : 255);
        }

        var output = new float[48 * 48];
        sut.Apply(checker, 48, 48, output, new Random(2));

        // A one-pixel checkerboard cannot survive 16–32 px: it averages out to mid-grey.
        Assert.All(output, v => Assert.InRange(v, 0.3f, 0.7f));
        var flat = new float[48 * 48];
        sut.Apply(Enumerable.Repeat((byte)102, 48 * 48).ToArray(), 48, 48, flat, new Random(2));
        Assert.All(flat, v => Assert.Equal(0.4f, v, 3));
    }

    [Fact]
    public void Apply_DefaultOptions_NeitherBlurNorLowResolution()
    {
        var defaults = new AugmentationOptions();

        Assert.Equal(0, defaults.BlurProbability);
        Assert.Equal(0, defaults.LowResolutionProbability);
        Assert.Equal(defaults.Scaled(0.5).BlurProbability, defaults.BlurProbability);
        Assert.Equal(0.3, (defaults with { BlurProbability = 0.3 }).Scaled(0.5).BlurProbability);
        Assert.Equal(0.3, (defaults with { LowResolutionProbability = 0.3 }).Scaled(0).LowResolutionProbability);
        Assert.EndsWith("blur 30 %, low resolution 0 %", (defaults with { BlurProbability = 0.3 }).Describe(), StringComparison.Ordinal);
    }

    /// <summary>A 48×48 image black on the left half, white on the right.</summary>
    private static byte[] CreateStep()
    {
        var image = new byte[48 * 48];
        for (var y = 0; y < 48; y++)
        {
            for (var x = 24; x < 48; x++)
            {
                image[(y * 48) + x] = 255;
            }
        }

        return image;
    }
}
