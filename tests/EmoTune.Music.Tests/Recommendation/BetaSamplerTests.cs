using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Tests.Recommendation;

public sealed class BetaSamplerTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 8)]
    [InlineData(30, 5)]
    [InlineData(0.5, 0.5)]
    public void SampleBeta_MeanAndVarianceMatchTheDistribution(double alpha, double beta)
    {
        var random = new Random(7);
        var draws = Enumerable.Range(0, 40_000).Select(_ => BetaSampler.SampleBeta(alpha, beta, random)).ToList();
        var mean = draws.Average();
        var variance = draws.Sum(d => (d - mean) * (d - mean)) / draws.Count;
        var expectedMean = alpha / (alpha + beta);
        var expectedVariance = alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1));

        Assert.All(draws, d => Assert.InRange(d, 0, 1));
        Assert.Equal(expectedMean, mean, 0.01);
        Assert.Equal(expectedVariance, variance, 0.005);
    }

    [Fact]
    public void SampleGamma_MeanIsTheShape()
    {
        var random = new Random(11);

        var mean = Enumerable.Range(0, 40_000).Average(_ => BetaSampler.SampleGamma(3.5, random));

        Assert.Equal(3.5, mean, 0.05);
    }
}
