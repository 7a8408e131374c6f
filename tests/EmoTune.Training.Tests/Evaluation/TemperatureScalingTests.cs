using EmoTune.Core.Emotions;
using EmoTune.Training.Evaluation;

namespace EmoTune.Training.Tests.Evaluation;

public sealed class TemperatureScalingTests
{
    /// <summary>
    /// Labels drawn from softmax(z) make z calibrated; a model that answers 2.5·z is over-confident by a temperature of
    /// 2.5, and fitting finds it, which lowers the likelihood's loss and the calibration error and changes no answer.
    /// </summary>
    [Fact]
    public void Fit_OverConfidentLogits_FindsTheTemperatureThatCalibratesThem()
    {
        var (labels, calibrated) = Sample(6000, seed: 5);
        var overConfident = Array.ConvertAll(calibrated, v => v * 2.5f);

        var t = TemperatureScaling.Fit(labels, [overConfident]);

        Assert.InRange(t, 2.3, 2.7);
        Assert.True(TemperatureScaling.NegativeLogLikelihood(labels, [overConfident], t) < TemperatureScaling.NegativeLogLikelihood(labels, [overConfident], 1) - 0.05);
        Assert.True(TemperatureScaling.Ece(labels, [overConfident], t) < 0.03, "ECE after fitting");
        Assert.True(TemperatureScaling.Ece(labels, [overConfident], 1) > 0.1, "ECE before fitting");
        var before = TemperatureScaling.Probabilities([overConfident], 1);
        var after = TemperatureScaling.Probabilities([overConfident], t);
        for (var n = 0; n < labels.Length; n++)
        {
            Assert.Equal(EmotionScores.ArgMax(before.AsSpan(n * 7, 7)), EmotionScores.ArgMax(after.AsSpan(n * 7, 7)));
        }
    }

    [Fact]
    public void Fit_OnASubset_UsesOnlyThoseImages()
    {
        var (labels, z) = Sample(4000, seed: 8);
        var hot = Array.ConvertAll(z, v => v * 0.5f); // under-confident by 0.5 ...
        var mixed = (float[])hot.Clone();
        int[] firstHalf = [.. Enumerable.Range(0, 2000)];
        for (var i = 2000 * 7; i < mixed.Length; i++)
        {
            mixed[i] = z[i] * 3; // ... and the second half over-confident by 3
        }

        Assert.InRange(TemperatureScaling.Fit(labels, [mixed], firstHalf), 0.4, 0.6);
    }

    private static (int[] Labels, float[] Logits) Sample(int count, int seed)
    {
        var rng = new Random(seed);
        var labels = new int[count];
        var logits = new float[count * 7];
        var p = new float[7];
        for (var n = 0; n < count; n++)
        {
            for (var c = 0; c < 7; c++)
            {
                logits[(n * 7) + c] = (float)(rng.NextDouble() * 4);
            }

            EmotionScores.Softmax(logits.AsSpan(n * 7, 7), p);
            var u = rng.NextDouble();
            var label = 0;
            for (var cumulative = p[0]; cumulative < u && label < 6; cumulative += p[++label])
            {
            }

            labels[n] = label;
        }

        return (labels, logits);
    }
}
