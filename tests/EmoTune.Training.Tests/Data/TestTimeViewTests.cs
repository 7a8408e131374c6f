using EmoTune.Training.Data;

namespace EmoTune.Training.Tests.Data;

public sealed class TestTimeViewTests
{
    // A 4×3 image whose pixels are their own row-major numbers, so every output names the pixel it came from.
    private static readonly float[] Numbered = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    [Theory]
    [InlineData(2, 0, false, new float[] { 1, 1, 1, 2, 5, 5, 5, 6, 9, 9, 9, 10 })]
    [InlineData(-1, 0, false, new float[] { 2, 3, 4, 4, 6, 7, 8, 8, 10, 11, 12, 12 })]
    [InlineData(0, 1, false, new float[] { 1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(0, -2, false, new float[] { 9, 10, 11, 12, 9, 10, 11, 12, 9, 10, 11, 12 })]
    [InlineData(1, -1, false, new float[] { 5, 5, 6, 7, 9, 9, 10, 11, 9, 9, 10, 11 })]
    [InlineData(0, 0, true, new float[] { 4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9 })]
    [InlineData(1, 0, true, new float[] { 3, 2, 1, 1, 7, 6, 5, 5, 11, 10, 9, 9 })]
    public void Apply_WholePixelShift_MovesThePixelsAndReplicatesTheEdge(int shiftX, int shiftY, bool mirror, float[] expected)
    {
        var result = new float[Numbered.Length];

        new TestTimeView(shiftX, shiftY, 1, mirror).Apply(Numbered, result, width: 4, height: 3);

        Assert.Equal(expected, result);
    }

    [Fact]
    public void Apply_Identity_CopiesTheImageExactly()
    {
        var image = Enumerable.Range(0, 48 * 48).Select(i => MathF.Sin(i) * 2).ToArray();
        var result = new float[image.Length];

        TestTimeView.Identity.Apply(image, result, 48, 48);

        Assert.Equal(image, result);
    }

    [Fact]
    public void Apply_ZoomTwice_KeepsTheCentreAndInterpolatesTowardsIt()
    {
        float[] image = [0, 0, 0, 0, 9, 0, 0, 0, 0];
        var result = new float[9];

        new TestTimeView(0, 0, 2, false).Apply(image, result, width: 3, height: 3);

        // Each corner samples half-way to the centre: a quarter of the centre's 9.
        Assert.Equal([2.25f, 4.5f, 2.25f, 4.5f, 9, 4.5f, 2.25f, 4.5f, 2.25f], result);
    }

    [Fact]
    public void Set_Two_IsTheImageAndItsMirror()
    {
        Assert.Equal([TestTimeView.Identity, TestTimeView.Mirrored], TestTimeView.Set(2));
        Assert.Equal(TestTimeView.Flip, TestTimeView.Set(2));
    }

    [Fact]
    public void Set_Ten_IsTheCentreAndFourShiftsEachFollowedByItsMirror()
    {
        var views = TestTimeView.Set(10, shift: 3);

        Assert.Equal(10, views.Count);
        Assert.Equal(10, views.Distinct().Count());
        Assert.Equal(
            [(0, 0), (-3, 0), (3, 0), (0, -3), (0, 3)],
            views.Where(v => !v.Mirror).Select(v => (v.ShiftX, v.ShiftY)));
        Assert.All(views.Chunk(2), pair => Assert.Equal(pair[0] with { Mirror = true }, pair[1]));
        Assert.All(views, v => Assert.Equal(1, v.Scale));
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(5, 0, 5)]
    [InlineData(9, 0, 9)]
    [InlineData(18, 0, 18)]
    [InlineData(10, 0.05, 14)]
    [InlineData(1, 0.05, 3)]
    public void Set_CountAndScale_GivesThatManyDistinctViews(int count, double scale, int expected)
    {
        var views = TestTimeView.Set(count, scale: scale);

        Assert.Equal(expected, views.Count);
        Assert.Equal(expected, views.Distinct().Count());
        Assert.Equal(TestTimeView.Identity, views[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(20)]
    public void Set_UnsupportedCount_IsRejectedNamingTheChoices(int count)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TestTimeView.Set(count));

        Assert.Contains("1, 2, 5, 9, 10, 18", error.Message, StringComparison.Ordinal);
    }
}
