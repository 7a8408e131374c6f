using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;

namespace EmoTune.Training.Tests.Evaluation;

public sealed class PerturbationTests
{
    [Theory]
    [InlineData("dark", 100, 45)]
    [InlineData("dark", 255, 115)]
    [InlineData("bright", 100, 189)]
    [InlineData("bright", 200, 255)]
    [InlineData("lowcontrast", 0, 77)]
    [InlineData("lowcontrast", 255, 179)]
    public void Apply_PointOperations_AsDocumented(string name, byte before, byte after)
    {
        var image = Enumerable.Repeat(before, 48 * 48).ToArray();

        Perturbation.Apply(name, image, 48, 48, 0);

        Assert.All(image, p => Assert.Equal(after, p));
    }

    [Theory]
    [InlineData("blur")]
    [InlineData("rotate")]
    [InlineData("small")]
    [InlineData("jpeg")]
    public void Apply_GeometricAndFilters_LeaveAFlatImageFlat(string name)
    {
        var image = Enumerable.Repeat((byte)130, 48 * 48).ToArray();

        Perturbation.Apply(name, image, 48, 48, 3);

        Assert.All(image, p => Assert.InRange(p, 128, 132));
    }

    [Fact]
    public void Apply_Blur_SpreadsAnEdgeOverAboutThreeSigma()
    {
        var image = CreateStep();

        Perturbation.Apply("blur", image, 48, 48, 0);

        var row = image.AsSpan(24 * 48, 48);
        Assert.InRange(row[23], 60, 130); // beside the edge: mixed
        Assert.InRange(row[24], 125, 195);
        Assert.Equal(0, row[10]); // far from it: untouched
        Assert.Equal(255, row[40]);
    }

    [Fact]
    public void Apply_RotateAndNoise_DependOnTheImageIndexOnly()
    {
        var a = CreateStep();
        var b = CreateStep();
        var c = CreateStep();

        Perturbation.Apply("rotate", a, 48, 48, 0);
        Perturbation.Apply("rotate", b, 48, 48, 2);
        Perturbation.Apply("rotate", c, 48, 48, 1);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c); // odd images turn the other way
        var n1 = CreateStep();
        var n2 = CreateStep();
        Perturbation.Apply("noise", n1, 48, 48, 7);
        Perturbation.Apply("noise", n2, 48, 48, 7);
        Assert.Equal(n1, n2);
        Assert.NotEqual(CreateStep(), n1);
    }

    [Fact]
    public void Apply_Dataset_CopiesAndKeepsLabels()
    {
        var pixels = Enumerable.Repeat((byte)200, 2 * 48 * 48).ToArray();
        var data = new FaceDataset("test", 48, 48, pixels, [3, 4], ["a", "b"]);

        var dark = Perturbation.Apply(data, "dark");

        Assert.Equal(data.Labels, dark.Labels);
        Assert.All(dark.Pixels, p => Assert.Equal(90, p));
        Assert.All(data.Pixels, p => Assert.Equal(200, p));
        Assert.Throws<ArgumentException>(() => Perturbation.Apply(data, "fog"));
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
