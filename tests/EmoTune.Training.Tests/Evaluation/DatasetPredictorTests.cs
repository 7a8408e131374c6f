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

    private static byte Code(int c) => (byte)(20 + (c * 30));

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
