using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;

namespace EmoTune.Training.Tests.Evaluation;

public sealed class DatasetPredictorTests
{
    [Fact]
    public void Evaluate_ImageFolderWithScriptedModel_GivesKnownConfusionMatrix()
    {
        // 14 images, two per class. The scripted model reads the class it should predict from the image's brightness:
        // it answers correctly for the first image of each class and "neutral" for the second, except for neutral
        // itself, whose second image it calls "happy".
        using var dir = Fixtures.CreateTempFolder();
        for (var c = 0; c < EmotionLabels.Count; c++)
        {
            var wrong = c == (int)Emotion.Neutral ? (int)Emotion.Happy : (int)Emotion.Neutral;
            Fixtures.WritePng(dir.Combine(EmotionLabels.Names[c], "a.png"), Enumerable.Repeat(Code(c), 48 * 48).ToArray());
            Fixtures.WritePng(dir.Combine(EmotionLabels.Names[c], "b.png"), Enumerable.Repeat(Code(wrong), 48 * 48).ToArray());
        }

        var data = DatasetSource.Load(dir.Path, "test");
        var report = DatasetPredictor.Evaluate(new ScriptedClassifier(), data, tta: false);

        int[][] expected =
        [
            [1, 0, 0, 0, 0, 0, 1],
            [0, 1, 0, 0, 0, 0, 1],
            [0, 0, 1, 0, 0, 0, 1],
            [0, 0, 0, 1, 0, 0, 1],
            [0, 0, 0, 0, 1, 0, 1],
            [0, 0, 0, 0, 0, 1, 1],
            [0, 0, 0, 1, 0, 0, 1],
        ];
        Assert.Equal(expected, report.Confusion);
        Assert.Equal(14, report.N);
        Assert.Equal(7.0 / 14, report.Accuracy, 12);
        Assert.Equal(0.5, report.PerClass["angry"].Recall, 12);
        Assert.Equal(1.0, report.PerClass["angry"].Precision, 12);
        Assert.Equal(1.0 / 7, report.PerClass["neutral"].Precision, 12);
        Assert.Equal(0.5, report.PerClass["happy"].Precision, 12);
        Assert.Equal(2, report.PerClass["sad"].Support);
    }

    [Fact]
    public void Evaluate_TenViews_AveragesTheProbabilitiesOfEveryView()
    {
        // One happy face. The centre view alone says "angry" (logit 3); the nine others say "happy" softly (logit 1).
        // Averaged probabilities pick happy; averaged logits would give the same answer but another loss.
        var data = Fixtures.CreateDataset([0, 0, 0, 1, 0, 0, 0], seedBase: 7);
        var views = TestTimeView.Set(10);
        var model = new PerCallClassifier(call => call == 0 ? (Emotion.Angry, 3f) : (Emotion.Happy, 1f));

        var report = DatasetPredictor.Evaluate(model, data, views);

        var centreHappy = 1 / (MathF.Exp(3) + 6);
        var otherHappy = MathF.E / (MathF.E + 6);
        Assert.Equal(1.0, report.Accuracy, 12);
        Assert.Equal(-Math.Log((centreHappy + (9 * otherHappy)) / 10), report.Loss, 5);
        Assert.Equal(10, model.Batches.Count);
        var centre = new float[48 * 48];
        new BatchBuilder(data, model.Spec).Evaluation([0], centre);
        for (var v = 0; v < views.Count; v++)
        {
            var expected = new float[centre.Length];
            views[v].Apply(centre, expected, 48, 48);
            Assert.Equal(expected, model.Batches[v]);
        }
    }

    [Fact]
    public void Evaluate_TtaFlag_IsTheTwoViewSet()
    {
        var data = Fixtures.CreateDataset([2, 1, 2, 2, 2, 2, 2], seedBase: 11);

        var flag = DatasetPredictor.Evaluate(new PerCallClassifier(call => ((Emotion)(call % 7), call % 3)), data, tta: true);
        var set = DatasetPredictor.Evaluate(new PerCallClassifier(call => ((Emotion)(call % 7), call % 3)), data, TestTimeView.Set(2));

        Assert.Equal(flag.Loss, set.Loss, 12);
        Assert.Equal(flag.Confusion, set.Confusion);
    }

    private static byte Code(int c) => (byte)(20 + (c * 30));

    /// <summary>Answers every image of the n-th call (0-based) with one logit from the script, others 0; keeps the batches.</summary>
    private sealed class PerCallClassifier(Func<int, (Emotion Emotion, float Logit)> script) : IBatchClassifier
    {
        public EmotionModelSpec Spec { get; } = new() { Architecture = "scripted" };

        public List<float[]> Batches { get; } = [];

        public float[] Logits(ReadOnlySpan<float> batch, int count)
        {
            var (emotion, logit) = script(Batches.Count);
            Batches.Add(batch[..(count * Spec.InputWidth * Spec.InputHeight)].ToArray());
            var logits = new float[count * EmotionLabels.Count];
            for (var i = 0; i < count; i++)
            {
                logits[(i * EmotionLabels.Count) + (int)emotion] = logit;
            }

            return logits;
        }
    }

    /// <summary>Predicts class c (logit 10, others 0) for an image whose mean brightness encodes c.</summary>
    private sealed class ScriptedClassifier : IBatchClassifier
    {
        public EmotionModelSpec Spec { get; } = new() { Architecture = "scripted" };

        public float[] Logits(ReadOnlySpan<float> batch, int count)
        {
            var size = Spec.InputWidth * Spec.InputHeight;
            var logits = new float[count * EmotionLabels.Count];
            for (var i = 0; i < count; i++)
            {
                var mean = 0f;
                foreach (var v in batch.Slice(i * size, size))
                {
                    mean += v;
                }

                var pixel = (((mean / size) * Spec.Std) + Spec.Mean) * 255;
                var c = (int)Math.Round((pixel - 20) / 30);
                logits[(i * EmotionLabels.Count) + c] = 10;
            }

            return logits;
        }
    }
}
