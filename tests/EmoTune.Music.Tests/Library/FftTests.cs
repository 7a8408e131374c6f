using EmoTune.Music.Library;

namespace EmoTune.Music.Tests.Library;

public sealed class FftTests
{
    [Fact]
    public void Transform_RandomInput_MatchesNaiveDft()
    {
        var rng = new Random(3);
        const int n = 64;
        var re = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var im = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var (xr, xi) = ((double[])re.Clone(), (double[])im.Clone());

        Fft.Transform(re, im);

        for (var k = 0; k < n; k++)
        {
            double sr = 0, si = 0;
            for (var t = 0; t < n; t++)
            {
                var a = -2 * Math.PI * k * t / n;
                sr += (xr[t] * Math.Cos(a)) - (xi[t] * Math.Sin(a));
                si += (xr[t] * Math.Sin(a)) + (xi[t] * Math.Cos(a));
            }

            Assert.Equal(sr, re[k], 9);
            Assert.Equal(si, im[k], 9);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(100)]
    public void Transform_LengthNotPowerOfTwo_Throws(int n)
    {
        Assert.Throws<ArgumentException>(() => Fft.Transform(new double[n], new double[n]));
    }
}
