using EmoTune.Core.Emotions;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmoTune.Training.Tests.Training;

[Collection(LibTorchCollection.Name)]
public sealed class DistillationTests
{
    private static readonly int[] PerClass = [10, 10, 10, 10, 10, 10, 10];

    [Fact]
    public void Train_SoftTargetsOnly_LearnsTheTeachersLabelsNotTheDatasets()
    {
        // The teacher memorised the same images under other labels (class c called c + 1). A student trained with the
        // soft-target weight at 1 never sees the dataset's labels in its loss, so it must end up naming the teacher's
        // classes; soft targets fed to the wrong images would teach it neither labelling.
        var data = Fixtures.CreateDataset(PerClass, seedBase: 300, name: "train");
        var shifted = new FaceDataset("train", 48, 48, data.Pixels, data.Labels.Select(l => (byte)((l + 1) % EmotionLabels.Count)).ToArray(), data.Sources);
        var validation = Fixtures.CreateDataset([1, 1, 1, 1, 1, 1, 1], seedBase: 90_000, name: "test");
        using var teacherDir = Fixtures.CreateTempFolder();
        using var studentDir = Fixtures.CreateTempFolder();
        var teacherRun = new TrainingRun(teacherDir.Path);
        var trainer = new Trainer(NullLogger<Trainer>.Instance);
        trainer.Run(shifted, validation, Options(), teacherRun, resume: false);
        var teacherLabels = Predicted(teacherRun.LastWeights, data);
        Assert.True(Agreement(teacherLabels, shifted.Labels) >= 0.9, $"the teacher fitted only {Agreement(teacherLabels, shifted.Labels):P0} of its labels");

        var student = new TrainingRun(studentDir.Path);
        trainer.Run(data, validation, Options() with { Teachers = [teacherRun.LastWeights], TeacherViews = 1, DistillationWeight = 1 }, student, resume: false);

        var studentLabels = Predicted(student.LastWeights, data);
        Assert.True(Agreement(studentLabels, teacherLabels) >= 0.8, $"the student agrees with its teacher on {Agreement(studentLabels, teacherLabels):P0}");
        Assert.True(Agreement(studentLabels, data.Labels) <= 0.2, $"the student names the dataset's labels on {Agreement(studentLabels, data.Labels):P0}");
    }

    [Fact]
    public void LoadOrCompute_SameTeachersAgain_ReadsTheCache_OtherViewsRecompute()
    {
        var data = Fixtures.CreateDataset([3, 1, 2, 3, 2, 2, 2], seedBase: 700, name: "train");
        var validation = Fixtures.CreateDataset([1, 1, 1, 1, 1, 1, 1], seedBase: 91_000, name: "test");
        using var dir = Fixtures.CreateTempFolder();
        var teacher = new TrainingRun(Path.Combine(dir.Path, "teacher"));
        new Trainer(NullLogger<Trainer>.Instance).Run(data, validation, Options() with { Epochs = 1 }, teacher, resume: false);
        var cache = Path.Combine(dir.Path, "teacher.bin");
        var options = Options() with { Teachers = [teacher.LastWeights], TeacherViews = 2 };

        var first = Distillation.LoadOrCompute(options, data, cache);
        var written = File.GetLastWriteTimeUtc(cache);
        var again = Distillation.LoadOrCompute(options, data, cache);
        var rewritten = File.GetLastWriteTimeUtc(cache) != written;
        var fiveViews = Distillation.LoadOrCompute(options with { TeacherViews = 5 }, data, cache);

        Assert.Equal(data.Count * EmotionLabels.Count, first.Length);
        Assert.Equal(first, again);
        Assert.False(rewritten, "the second call recomputed the cached targets");
        Assert.NotEqual(first, fiveViews);
        using var model = ModelLoader.Open(teacher.LastWeights);
        var expected = DatasetPredictor.Average(DatasetPredictor.Predict(model, data, TestTimeView.Set(5)));
        Assert.Equal(expected, fiveViews);
    }

    [Fact]
    public void Read_NotACacheFile_IsNull()
    {
        using var dir = Fixtures.CreateTempFolder();
        var path = Path.Combine(dir.Path, "teacher.bin");
        File.WriteAllText(path, "not soft targets");

        Assert.Null(Distillation.Read(path, "key"));
        Assert.Null(Distillation.Read(Path.Combine(dir.Path, "missing.bin"), "key"));
        Distillation.Write(path, "key", [0.25f, 0.75f]);
        Assert.Equal([0.25f, 0.75f], Distillation.Read(path, "key")!);
        Assert.Null(Distillation.Read(path, "another key"));
    }

    private static TrainingOptions Options() => new()
    {
        Architecture = "vgg-tiny",
        Epochs = 30,
        BatchSize = 10,
        LearningRate = 3e-3,
        WarmupEpochs = 1,
        Threads = 2,
        EarlyStoppingPatience = 0,
        ValidationTta = false,
        Augmentation = AugmentationOptions.Off,
        Balance = BalanceMode.None,
        LabelSmoothing = 0,
        Seed = 5,
    };

    private static int[] Predicted(string weights, FaceDataset data)
    {
        using var model = ModelLoader.Open(weights);
        var probabilities = DatasetPredictor.Predict(model, data, [TestTimeView.Identity])[0];
        return Enumerable.Range(0, data.Count).Select(i => EmotionScores.ArgMax(probabilities.AsSpan(i * EmotionLabels.Count, EmotionLabels.Count))).ToArray();
    }

    private static double Agreement(int[] predicted, byte[] labels) =>
        predicted.Where((p, i) => p == labels[i]).Count() / (double)predicted.Length;

    private static double Agreement(int[] a, int[] b) =>
        a.Where((p, i) => p == b[i]).Count() / (double)a.Length;
}
