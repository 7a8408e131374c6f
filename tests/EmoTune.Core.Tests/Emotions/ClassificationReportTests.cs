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

    [Fact]
    public void ExpectedCalibrationError_HandComputedBins()
    {
        // Three examples: top 0.95 right, top 0.95 wrong (same bin: accuracy 0.5, confidence 0.95, gap 0.45, weight 2/3);
        // top 0.40 right (its own bin: gap 0.60, weight 1/3). ECE = 0.45·2/3 + 0.60/3 = 0.5.
        int[] labels = [3, 3, 0];
        float[] probabilities =
        [
            0.01f, 0.01f, 0.01f, 0.95f, 0.01f, 0.005f, 0.005f,
            0.01f, 0.01f, 0.01f, 0.005f, 0.95f, 0.01f, 0.005f,
            0.40f, 0.10f, 0.10f, 0.10f, 0.10f, 0.10f, 0.10f,
        ];

        Assert.Equal(0.5, ClassificationReport.ExpectedCalibrationError(labels, probabilities), 5);
        Assert.Equal(0.5, ClassificationReport.FromProbabilities(labels, probabilities).Ece!.Value, 5);
    }

    [Fact]
    public void ExpectedCalibrationError_ConfidenceEqualsAccuracy_Zero()
    {
        // Every example predicted with probability 1 and right: accuracy 1 = confidence 1.
        int[] labels = [0, 1, 2];
        var probabilities = new float[21];
        probabilities[0] = probabilities[8] = probabilities[16] = 1f;

        Assert.Equal(0, ClassificationReport.ExpectedCalibrationError(labels, probabilities), 9);
    }

    [Fact]
    public void Ece_InTheJson()
    {
        int[] labels = [3];
        float[] probabilities = [0.1f, 0.1f, 0.1f, 0.4f, 0.1f, 0.1f, 0.1f];

        var json = System.Text.Json.JsonSerializer.Serialize(ClassificationReport.FromProbabilities(labels, probabilities));

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(0.6, doc.RootElement.GetProperty("ece").GetDouble(), 6);
    }
}
