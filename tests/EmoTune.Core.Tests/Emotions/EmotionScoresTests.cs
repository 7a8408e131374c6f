using EmoTune.Core.Emotions;

namespace EmoTune.Core.Tests.Emotions;

public sealed class EmotionScoresTests
{
    private static readonly float[] Logits = [2.5f, -1f, 0.3f, 4f, 1.1f, -0.2f, 0.9f];

    [Fact]
    public void FromLogits_TemperatureOne_IsBitForBitThePlainSoftmax()
    {
        // The softmax before temperatures existed (and as the page computes it): exp in float, sum in double.
        var max = Logits.Max();
        var e = Array.ConvertAll(Logits, v => MathF.Exp(v - max));
        var sum = e.Sum(v => (double)v);
        var plain = Array.ConvertAll(e, v => (float)(v / sum));

        Assert.Equal(plain, EmotionScores.FromLogits(Logits, 1f).Probabilities);
    }

    [Fact]
    public void FromLogits_Temperature_DividesTheLogits_KeepingTheTopEmotion()
    {
        var halved = EmotionScores.FromLogits(Array.ConvertAll(Logits, v => v / 2));
        var warm = EmotionScores.FromLogits(Logits, 2f);
        var cool = EmotionScores.FromLogits(Logits, 0.5f);

        for (var i = 0; i < Logits.Length; i++)
        {
            Assert.Equal(halved.Probabilities[i], warm.Probabilities[i], 6);
        }

        Assert.Equal(Emotion.Happy, warm.Top);
        Assert.Equal(Emotion.Happy, cool.Top);
        Assert.True(warm.Confidence < EmotionScores.FromLogits(Logits).Confidence);
        Assert.True(cool.Confidence > EmotionScores.FromLogits(Logits).Confidence);
    }
}
