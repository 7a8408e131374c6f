using EmoTune.Testing;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmoTune.Training.Tests.Training;

[Collection(LibTorchCollection.Name)]
public sealed class TrainerTests
{
    private static readonly Lazy<(FaceDataset Train, FaceDataset Validation)> Fer = new(() => (
        DatasetSource.Load(SharedData.Fer2013, "train"),
        DatasetSource.Load(SharedData.Fer2013, "test")));

    [Fact]
    public void Train_About200RealFaces_FitsThemFarAboveChance()
    {
        var train = Fer.Value.Train.StratifiedSample(29, seed: 7);
        var validation = Fer.Value.Validation.StratifiedSample(5, seed: 7);
        using var dir = Fixtures.CreateTempFolder();
        var run = new TrainingRun(dir.Path);
        var options = CreateOptions() with
        {
            Architecture = "vgg",
            Epochs = 25,
            BatchSize = 16,
            LearningRate = 2e-3,
            WarmupEpochs = 1,
            Augmentation = AugmentationOptions.Off,
        };

        var state = new Trainer(NullLogger<Trainer>.Instance).Run(train, validation, options, run, resume: false);

        using var model = ModelLoader.Open(run.LastWeights);
        var report = DatasetPredictor.Evaluate(model, train, tta: false);
        Assert.Equal(203, train.Count);
        Assert.True(report.Accuracy >= 0.9, $"training accuracy {report.Accuracy:P1} after {state.Epoch} epochs");
        Assert.Equal(state.Epoch, File.ReadAllLines(run.MetricsCsv).Length - 1);
        Assert.True(File.Exists(run.BestWeights));
    }

    [Fact]
    public void Resume_AfterInterruption_EqualsUninterruptedRun()
    {
        var (train, validation) = ResumeSplits();
        var options = CreateOptions() with { Epochs = 3, BalanceStrength = 1.0 };
        using var runs = new RunPair();
        var (straight, resumed, trainer) = (runs.Straight, runs.Other, runs.Trainer);

        trainer.Run(train, validation, options, straight, resume: false);
        RunUntilStoppedAfter(trainer, train, validation, options, resumed, epoch: 2);

        Assert.Equal(2, TrainingState.Load(resumed.LastState).Epoch);
        var final = trainer.Run(train, validation, options with { Epochs = 99 }, resumed, resume: true);

        AssertSameRun(straight, resumed, final);
    }

    [Theory]
    [InlineData(11)] // stopped before batch 12 of epoch 2's 14
    [InlineData(14)] // stopped while validating epoch 2: its training is kept, and the resume validates it
    public void Resume_PartwayThroughAnEpoch_EqualsUninterruptedRun(int stopAfter)
    {
        // The vgg, for its dropout: a resume mid-epoch must draw the masks the uninterrupted run drew.
        var (train, validation) = ResumeSplits();
        var options = CreateOptions() with { Architecture = "vgg", Epochs = 3, BalanceStrength = 1.0, CheckpointMinutes = 0 };
        using var runs = new RunPair();
        var (straight, resumed, trainer) = (runs.Straight, runs.Other, runs.Trainer);
        trainer.Run(train, validation, options, straight, resume: false);

        // Cancelled in epoch 2: the run checkpoints where it stopped, not at the end of epoch 1.
        RunUntilStopped(trainer, train, validation, options, resumed, p => p.Epoch == 2 && p.Batch == stopAfter && p.Completed is null);

        var partway = TrainingState.Load(resumed.LastState);
        Assert.Equal(1, partway.Epoch);
        Assert.Equal(new { Epoch = 2, Batches = stopAfter, BatchesPerEpoch = 14, Seen = Math.Min(stopAfter * 8L, 112) }, new { partway.InProgress!.Epoch, partway.InProgress.Batches, partway.InProgress.BatchesPerEpoch, partway.InProgress.Seen });
        Assert.Equal(2, File.ReadAllLines(resumed.MetricsCsv).Length); // epoch 2's row comes when it ends

        // Other data would give other batches: refused, naming the checkpoint, and nothing is lost.
        var other = train.StratifiedSample(4, seed: 1);
        var ex = Assert.Throws<InvalidDataException>(() => trainer.Run(other, validation, options, resumed, resume: true));
        Assert.Contains($"partway through epoch 2, after batch {stopAfter} of 14", ex.Message, StringComparison.Ordinal);
        Assert.Equal(stopAfter, TrainingState.Load(resumed.LastState).InProgress!.Batches);

        var final = trainer.Run(train, validation, options with { Epochs = 99 }, resumed, resume: true);

        Assert.Null(final.InProgress);
        AssertSameRun(straight, resumed, final);
    }

    [Fact]
    public void CheckpointMinutes_WritesCheckpointsPartwayThroughEpochs()
    {
        var (train, validation) = ResumeSplits();
        using var dir = Fixtures.CreateTempFolder();
        var run = new TrainingRun(dir.Path);
        var seenPartway = new List<EpochInProgress?>();
        var progress = new InlineProgress(p =>
        {
            if (p is { Batch: 11, Completed: null })
            {
                seenPartway.Add(TrainingState.Load(run.LastState).InProgress);
            }
        });

        // An interval shorter than any batch: a checkpoint after every batch but an epoch's last.
        var state = new Trainer(NullLogger<Trainer>.Instance).Run(train, validation, CreateOptions() with { BalanceStrength = 1.0, CheckpointMinutes = 1e-9 }, run, resume: false, progress);

        Assert.Equal(2, seenPartway.Count);
        Assert.Equal([(1, 11), (2, 11)], seenPartway.Select(p => (p!.Epoch, p.Batches)));
        Assert.Null(state.InProgress);
        Assert.Null(TrainingState.Load(run.LastState).InProgress);
        Assert.Equal(2, TrainingState.Load(run.LastState).Epoch);
    }

    [Fact]
    public void Resume_CarriedWithoutOptimiserState_GoesOnWithTheSameScheduleAndHistory()
    {
        // What docs/experiments/carried-runs.md commits to move a run between machines: last.weights, last.json and
        // metrics.csv, without last.optim (twice the weights) and without best.weights when the last epoch is the best.
        var (train, validation) = ResumeSplits();
        var options = CreateOptions() with { Epochs = 3, BalanceStrength = 1.0 };
        using var runs = new RunPair();
        var (straight, carried, trainer) = (runs.Straight, runs.Other, runs.Trainer);
        trainer.Run(train, validation, options, straight, resume: false);
        RunUntilStoppedAfter(trainer, train, validation, options, carried, epoch: 2);

        // best.weights is left behind only when the last epoch is the best: the resume takes last.weights for it.
        Assert.Equal(2, TrainingState.Load(carried.LastState).BestEpoch);
        File.Delete(carried.LastOptimizer);
        File.Delete(carried.BestWeights);

        var final = trainer.Run(train, validation, options, carried, resume: true);

        Assert.Equal(3, final.Epoch);
        Assert.True(File.Exists(carried.LastOptimizer));
        Assert.True(File.Exists(carried.BestWeights));
        var straightRows = WithoutTimings(straight.MetricsCsv);
        var carriedRows = WithoutTimings(carried.MetricsCsv);
        Assert.Equal(straightRows[..3], carriedRows[..3]); // header and epochs 1-2 kept
        Assert.Equal(straightRows[3].Split(',')[1], carriedRows[3].Split(',')[1]); // epoch 3 at the same learning rate
        Assert.NotEqual(File.ReadAllBytes(straight.LastWeights), File.ReadAllBytes(carried.LastWeights)); // moments restarted
    }

    [Fact]
    public void Resume_WithoutLastWeights_FailsNamingTheFile()
    {
        var train = Fixtures.CreateDataset([4, 2, 4, 4, 4, 4, 4], seedBase: 0, name: "train");
        var validation = Fixtures.CreateDataset([1, 1, 1, 1, 1, 1, 1], seedBase: 50_000, name: "test");
        using var dir = Fixtures.CreateTempFolder();
        var run = new TrainingRun(dir.Path);
        var trainer = new Trainer(NullLogger<Trainer>.Instance);
        trainer.Run(train, validation, CreateOptions() with { Epochs = 1 }, run, resume: false);
        File.Delete(run.LastWeights);

        var ex = Assert.Throws<FileNotFoundException>(() => trainer.Run(train, validation, CreateOptions(), run, resume: true));

        Assert.Contains("last.weights", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CleanEpochs_TrainWithoutAugmentation()
    {
        var train = Fixtures.CreateDataset([6, 2, 4, 8, 5, 3, 5], seedBase: 0, name: "train");
        var validation = Fixtures.CreateDataset([2, 1, 1, 2, 1, 1, 1], seedBase: 50_000, name: "test");
        var trainer = new Trainer(NullLogger<Trainer>.Instance);
        string[] Metrics(TrainingOptions options)
        {
            using var dir = Fixtures.CreateTempFolder();
            var run = new TrainingRun(dir.Path);
            trainer.Run(train, validation, options, run, resume: false);
            return WithoutTimings(run.MetricsCsv);
        }

        var augmented = CreateOptions() with { Augmentation = new AugmentationOptions() };
        var clean = Metrics(augmented with { Augmentation = AugmentationOptions.Off });
        var augmentedThroughout = Metrics(augmented);
        var lastClean = Metrics(augmented with { CleanEpochs = 1 });
        var allClean = Metrics(augmented with { CleanEpochs = 2 });

        Assert.Equal(clean, allClean);
        Assert.NotEqual(clean[1], augmentedThroughout[1]);
        Assert.Equal(augmentedThroughout[1], lastClean[1]); // epoch 1 augmented as usual
        Assert.NotEqual(augmentedThroughout[2], lastClean[2]); // epoch 2 clean
    }

    [Fact]
    public void AugmentationAt_IsOffInTheLastCleanEpochs()
    {
        var options = CreateOptions() with { Epochs = 5, CleanEpochs = 2 };

        Assert.Equal(
            [options.Augmentation, options.Augmentation, options.Augmentation, AugmentationOptions.Off, AugmentationOptions.Off],
            Enumerable.Range(1, 5).Select(options.AugmentationAt));
        Assert.Equal(options.Augmentation, (options with { CleanEpochs = 0 }).AugmentationAt(5));
    }

    [Fact]
    public void Describe_RoundsEachMagnitudeInItsUnit()
    {
        // The report used to print the record itself: "MaxRotationDegrees = 4.199999999999999".
        Assert.Equal(
            "shift ±1.4 px, rotation ±4.2°, scale ±4.2 %, flip 50 %, brightness ±0.053, contrast ±10.5 %, gamma ±10.5 %, erasing 14 %",
            new AugmentationOptions().Scaled(0.35).Describe());
        Assert.Equal("none", AugmentationOptions.Off.Describe());
        Assert.Equal("none", new AugmentationOptions().Scaled(0).Describe());
    }

    [Fact]
    public void Scaled_MultipliesEveryMagnitudeButKeepsTheFlip()
    {
        var full = new AugmentationOptions();

        var half = full.Scaled(0.5);

        Assert.Equal(new AugmentationOptions(2, 6, 0.06, 0.5, 0.075, 0.15, 0.15, 0.2), half);
        Assert.Equal(full, full.Scaled(1));
        Assert.Same(AugmentationOptions.Off, full.Scaled(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => full.Scaled(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => full.Scaled(double.NaN));
        Assert.Equal(2.5, full.MaxStrength);
        Assert.Equal(1.0, full.Scaled(2.5).ErasingProbability);
        Assert.Throws<ArgumentOutOfRangeException>(() => full.Scaled(2.6)); // erasing chance 0.4 × 2.6 > 1
    }

    [Fact]
    public void Train_EmptyValidation_FailsClearly()
    {
        var train = Fixtures.CreateDataset([2, 0, 0, 2, 0, 0, 0], seedBase: 0);
        var empty = new FaceDataset("test", 48, 48, [], [], []);
        using var dir = Fixtures.CreateTempFolder();

        var ex = Assert.Throws<DatasetException>(() => new Trainer(NullLogger<Trainer>.Instance).Run(train, empty, CreateOptions(), new TrainingRun(dir.Path), resume: false));

        Assert.Contains("Validation split 'test' is empty", ex.Message, StringComparison.Ordinal);
    }

    private static TrainingOptions CreateOptions() => new()
    {
        Architecture = "vgg-tiny",
        Epochs = 2,
        BatchSize = 8,
        WarmupEpochs = 1,
        Threads = 2,
        EarlyStoppingPatience = 0,
        Seed = 11,
    };

    private static (FaceDataset Train, FaceDataset Validation) ResumeSplits() => (
        Fixtures.CreateDataset([12, 2, 8, 16, 10, 6, 10], seedBase: 0, name: "train"),
        Fixtures.CreateDataset([3, 1, 2, 3, 2, 2, 2], seedBase: 50_000, name: "test"));

    /// <summary>Starts a run and cancels it once <paramref name="epoch"/> has finished (and been checkpointed).</summary>
    private static void RunUntilStoppedAfter(Trainer trainer, FaceDataset train, FaceDataset validation, TrainingOptions options, TrainingRun run, int epoch) =>
        RunUntilStopped(trainer, train, validation, options, run, p => p.Completed is not null && p.Epoch == epoch);

    /// <summary>Starts a run and cancels it at the first progress report <paramref name="when"/> holds for.</summary>
    private static void RunUntilStopped(Trainer trainer, FaceDataset train, FaceDataset validation, TrainingOptions options, TrainingRun run, Func<TrainingProgress, bool> when)
    {
        using var stop = new CancellationTokenSource();
        var progress = new InlineProgress(p =>
        {
            if (when(p))
            {
                stop.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Run(train, validation, options, run, resume: false, progress, stop.Token));
    }

    /// <summary>A resumed 3-epoch run ends with the uninterrupted run's weights, optimiser state and metrics, to the byte.</summary>
    private static void AssertSameRun(TrainingRun straight, TrainingRun resumed, TrainingState final)
    {
        Assert.Equal(3, final.Epoch);
        Assert.Equal(File.ReadAllBytes(straight.LastWeights), File.ReadAllBytes(resumed.LastWeights));
        Assert.Equal(File.ReadAllBytes(straight.LastOptimizer), File.ReadAllBytes(resumed.LastOptimizer));
        Assert.Equal(WithoutTimings(straight.MetricsCsv), WithoutTimings(resumed.MetricsCsv));
    }

    private static string[] WithoutTimings(string csv) =>
        File.ReadAllLines(csv).Select(l => l[..l.LastIndexOf(',')]).ToArray();

    /// <summary>Two run folders, one for the uninterrupted run and one for the interrupted, and a trainer.</summary>
    private sealed class RunPair : IDisposable
    {
        private readonly TempFolder straightDir = Fixtures.CreateTempFolder();
        private readonly TempFolder otherDir = Fixtures.CreateTempFolder();

        public RunPair() => (Straight, Other) = (new TrainingRun(straightDir.Path), new TrainingRun(otherDir.Path));

        public TrainingRun Straight { get; }

        public TrainingRun Other { get; }

        public Trainer Trainer { get; } = new(NullLogger<Trainer>.Instance);

        public void Dispose()
        {
            straightDir.Dispose();
            otherDir.Dispose();
        }
    }

    private sealed class InlineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
