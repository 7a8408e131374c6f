namespace EmoTune.Music.Recommendation;

/// <summary>Draws from the Beta, Gamma and standard normal distributions with a caller-owned <see cref="Random"/>.</summary>
public static class BetaSampler
{
    /// <summary>A draw from Beta(<paramref name="alpha"/>, <paramref name="beta"/>) as X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β).</summary>
    public static double SampleBeta(double alpha, double beta, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(alpha);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(beta);
        if (alpha == 1 && beta == 1)
        {
            return random.NextDouble();
        }

        var x = SampleGamma(alpha, random);
        var y = SampleGamma(beta, random);
        return x / (x + y);
    }

    /// <summary>
    /// A draw from Gamma(<paramref name="shape"/>, 1) by Marsaglia and Tsang (2000), "A simple method for generating
    /// gamma variables"; shapes below 1 use the boost <c>Gamma(a) = Gamma(a + 1) · U^(1/a)</c>.
    /// </summary>
    public static double SampleGamma(double shape, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        if (shape < 1)
        {
            return SampleGamma(shape + 1, random) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = SampleStandardNormal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>A draw from N(0, 1) by the Box–Muller transform.</summary>
    public static double SampleStandardNormal(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
