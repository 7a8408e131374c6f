using EmoTune.Core.Emotions;

namespace EmoTune.Core.Tests.Emotions;

public sealed class ClassificationReportTests
{
    private static float[] OneHot(params int[] predicted)
    {
        var p = new float[predicted.Length * EmotionLabels.Count];
        for (var i = 0; i < predicted.Length; i++)
        {
            p[(i * EmotionLabels.Count) + predicted[i]] = 1f;
        }

        return p;
    }

    [Fact]
    public void FromProbabilities_KnownPredictions_GivesKnownConfusionAndMetrics()
    {
        // truth:     angry angry happy happy happy sad
        // predicted: angry happy happy happy sad   sad
        int[] truth = [0, 0, 3, 3, 3, 4];
        var report = ClassificationReport.FromProbabilities(truth, OneHot(0, 3, 3, 3, 4, 4));

        Assert.Equal(6, report.N);
        Assert.Equal(4.0 / 6, report.Accuracy, 12);
        Assert.Equal(1, report.Confusion[0][0]);
        Assert.Equal(1, report.Confusion[0][3]);
        Assert.Equal(2, report.Confusion[3][3]);
        Assert.Equal(1, report.Confusion[3][4]);
        Assert.Equal(1, report.Confusion[4][4]);
        Assert.Equal(1.0, report.PerClass["angry"].Precision, 12);
        Assert.Equal(0.5, report.PerClass["angry"].Recall, 12);
        Assert.Equal(2.0 / 3, report.PerClass["happy"].Precision, 12);
        Assert.Equal(2.0 / 3, report.PerClass["happy"].Recall, 12);
        Assert.Equal(0.5, report.PerClass["sad"].Precision, 12);
        Assert.Equal(3, report.PerClass["happy"].Support);
        Assert.Equal(0, report.PerClass["disgust"].F1);
        var expectedMacro = ((2 * 0.5 / 1.5) + (2.0 / 3) + (2 * 0.5 / 1.5)) / 7;
        Assert.Equal(expectedMacro, report.MacroF1, 12);
        Assert.Equal(-Math.Log(1e-12) * 2 / 6, report.Loss, 6);
    }

    [Fact]
    public void FromProbabilities_EmptySet_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationReport.FromProbabilities([], []));
    }
}
