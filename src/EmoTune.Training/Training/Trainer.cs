using System.Diagnostics;
using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Training;

/// <summary>
/// Trains a network on the training split and selects it on the validation split. Every epoch writes
/// <c>last.*</c> (weights, optimiser, state) and a <c>metrics.csv</c> row; a better validation accuracy also writes
/// <c>best.weights</c>. Long epochs are also checkpointed partway (<see cref="TrainingOptions.CheckpointMinutes"/>), and a
/// cancelled run checkpoints where it stopped. Seeds (shuffling and augmentation per epoch, dropout per batch) derive from
/// the run seed, the epoch and the batch, so a run resumed from <c>last.json</c>, at an epoch's end or partway through
/// one, continues exactly as the uninterrupted run would have.
/// </summary>
public sealed class Trainer(ILogger<Trainer> logger)
{
    /// <summary>The spec (preprocessing) a model trained with <paramref name="options"/> must be run with.</summary>
    public static EmotionModelSpec SpecFor(TrainingOptions options, int inputSize) => new()
    {
        Architecture = options.Architecture,
        InputWidth = inputSize,
        InputHeight = inputSize,
        Mean = options.Mean,
        Std = options.Std,
    };

    /// <summary>
    /// Indices into <paramref name="train"/> that one epoch visits (before shuffling): every training image once, plus the
    /// oversampled repeats of minority classes. Drawn from the training split alone: no other split can enter it.
    /// </summary>
    public static int[] TrainingStream(FaceDataset train, TrainingOptions options) =>
        options.Balance == BalanceMode.Oversample
            ? ClassBalancer.OversampleIndices(train.Labels, options.BalanceStrength, options.Seed)
            : Enumerable.Range(0, train.Count).ToArray();

    /// <summary>Runs (or resumes) training; returns the final state. The best weights are in <paramref name="run"/>.</summary>
    public TrainingState Run(
        FaceDataset train,
        FaceDataset validation,
        TrainingOptions options,
        TrainingRun run,
        bool resume,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken ct = default)
    {
        if (train.Count < 2)
        {
            throw new DatasetException($"Training split '{train.Name}' has {train.Count} image(s); at least 2 are needed.");
        }

        if (validation.Count == 0)
        {
            throw new DatasetException($"Validation split '{validation.Name}' is empty.");
        }

        NativeAllocator.TuneForTraining();
        Directory.CreateDirectory(run.Directory);
        var state = resume ? TrainingState.Load(run.LastState) : new TrainingState { Options = options };
        options = state.Options with { CheckpointMinutes = options.CheckpointMinutes };
        torch.set_num_threads(options.Threads > 0 ? options.Threads : Environment.ProcessorCount);
        torch.manual_seed(options.Seed);
        using var model = NetworkFactory.Create(options.Architecture);
        if (ConvolutionSelfCheck.Ensure().Notice is { } notice)
        {
            logger.LogWarning("{Notice}", notice);
        }

        var inputSize = ((IEmotionNetwork)model).InputSize;
        if (train.Width != inputSize || train.Height != inputSize)
        {
            throw new DatasetException($"Training images are {train.Width}x{train.Height}; {options.Architecture} expects {inputSize}x{inputSize}.");
        }

        var spec = SpecFor(options, inputSize);
        File.WriteAllText(Path.Combine(run.Directory, "spec.json"), spec.ToJson());
        using var optimizer = CreateOptimizer(model, options);
        if (resume)
        {
            if (!File.Exists(run.LastWeights))
            {
                throw new FileNotFoundException($"{run.LastWeights}: the weights to resume from are missing (a run folder needs last.weights and last.json).", run.LastWeights);
            }

            model.load(run.LastWeights);
            if (File.Exists(run.LastOptimizer))
            {
                optimizer.load_state_dict(run.LastOptimizer);
            }
            else
            {
                // A run carried to another machine (docs/experiments/carried-runs.md) leaves the optimiser state behind
                // (twice the weights' size): the schedule and history go on, AdamW's moment estimates start again.
                logger.LogWarning("{Path} is missing: the optimiser's moment estimates start again from zero; the learning-rate schedule and the epoch count go on", run.LastOptimizer);
            }

            if (!File.Exists(run.BestWeights) && state.BestEpoch == state.Epoch && state.Epoch > 0 && state.InProgress is null)
            {
                File.Copy(run.LastWeights, run.BestWeights);
            }
            else if (!File.Exists(run.BestWeights) && state.Epoch > 0)
            {
                logger.LogWarning("{Path} is missing: the best epoch so far ({Epoch}, {Accuracy:P2}) is lost, and best.weights appears only when a later epoch beats it", run.BestWeights, state.BestEpoch, state.BestAccuracy);
            }

            if (state.InProgress is { } partway)
            {
                logger.LogInformation("Resumed {Architecture} partway through epoch {Epoch}, after batch {Batch} of {Batches}, from {Path}", options.Architecture, partway.Epoch, partway.Batches, partway.BatchesPerEpoch, run.LastState);
            }
            else
            {
                logger.LogInformation("Resumed {Architecture} after epoch {Epoch} from {Path}", options.Architecture, state.Epoch, run.LastState);
            }
        }
        else
        {
            if (options.InitFrom is { } init)
            {
                var resize = Initialize(model, init, train, spec, options.Seed);
                logger.LogInformation("Initialised {Architecture} from {Path}{Resize}", options.Architecture, init, resize == OnnxWeightImporter.Resize.None ? "" : ", " + OnnxWeightImporter.Describe(resize));
            }

            File.WriteAllText(run.MetricsCsv, EpochMetrics.CsvHeader + "\n");
        }

        float[]? soft = null;
        if (options.Teachers is { Count: > 0 } teachers)
        {
            logger.LogInformation("Distilling from {Teachers} with {Views} view(s) each, soft-target weight {Weight}", string.Join(", ", teachers), options.TeacherViews, options.DistillationWeight);
            soft = Distillation.LoadOrCompute(options, train, run.TeacherTargets, ct: ct);
        }

        var stream = TrainingStream(train, options);
        using var classWeights = options.Balance == BalanceMode.Weights
            ? torch.tensor(ClassBalancer.ClassWeights(train.ClassCounts(), options.BalanceStrength))
            : null;
        var batches = stream.Length / options.BatchSize + (stream.Length % options.BatchSize >= 2 ? 1 : 0);
        var totalSteps = (long)batches * options.Epochs;
        var builder = new BatchBuilder(train, spec);
        var imageSize = inputSize * inputSize;
        var buffer = new float[options.BatchSize * imageSize];
        var targets = new long[options.BatchSize];
        var k = EmotionLabels.Count;
        var softTargets = new float[options.BatchSize * k];
        var validationLabels = validation.Labels.Select(l => (int)l).ToArray();
        var inProgress = state.InProgress;
        if (inProgress is not null && (inProgress.Epoch != state.Epoch + 1 || inProgress.BatchesPerEpoch != batches || inProgress.Batches < 0 || inProgress.Batches > batches))
        {
            throw new InvalidDataException(
                $"{run.LastState}: the checkpoint is partway through epoch {inProgress.Epoch}, after batch {inProgress.Batches} of {inProgress.BatchesPerEpoch}, " +
                $"but this run has finished epoch {state.Epoch} and its data give {batches} batches an epoch; resume it with the data it was trained on.");
        }

        var runStart = Stopwatch.GetTimestamp();
        var lastCheckpoint = runStart;
        var stepsAtStart = ((long)state.Epoch * batches) + (inProgress?.Batches ?? 0);
        logger.LogInformation(
            "Training {Architecture} ({Parameters:N0} parameters, {MultiplyAdds:N0} multiply-adds per face) on {Images} images ({Stream} per epoch after {Balance}), validating on {Validation}",
            options.Architecture, NetworkFactory.ParameterCount(model), NetworkFactory.MultiplyAdds(model, spec.InputWidth), train.Count, stream.Length, options.Balance, validation.Count);

        for (var epoch = state.Epoch + 1; epoch <= options.Epochs && !state.Stopped; epoch++)
        {
            var epochStart = Stopwatch.GetTimestamp();
            var augmenter = new Augmenter(options.AugmentationAt(epoch));
            var order = (int[])stream.Clone();
            new Random(Seeds.Mix(options.Seed + 1, epoch)).Shuffle(order);
            model.train();
            double lossSum = 0, lr = 0, secondsBefore = 0;
            long correct = 0, seen = 0;
            var startBatch = 0;
            if (inProgress is not null)
            {
                (startBatch, lossSum, correct, seen, secondsBefore) = (inProgress.Batches, inProgress.LossSum, inProgress.Correct, inProgress.Seen, inProgress.Seconds);
                inProgress = null;
                lr = startBatch == 0 ? 0 : LearningRateSchedule.At(options, ((long)(epoch - 1) * batches) + startBatch - 1, totalSteps, batches);
            }

            double EpochSeconds() => secondsBefore + Stopwatch.GetElapsedTime(epochStart).TotalSeconds;
            void CheckpointPartway(int done)
            {
                SaveLast(model, optimizer, state with { InProgress = new EpochInProgress(epoch, done, batches, lossSum, correct, seen, EpochSeconds()) }, run);
                lastCheckpoint = Stopwatch.GetTimestamp();
                logger.LogInformation("Checkpoint partway through epoch {Epoch}: {Done} of {Batches} batches", epoch, done, batches);
            }

            for (var b = startBatch; b < batches; b++)
            {
                if (ct.IsCancellationRequested)
                {
                    if (b > startBatch)
                    {
                        CheckpointPartway(b);
                    }

                    ct.ThrowIfCancellationRequested();
                }

                // Dropout (and any other random layer) is seeded per batch, so a resume at any batch draws what the
                // uninterrupted run drew.
                torch.manual_seed(Seeds.Mix(Seeds.Mix(options.Seed, epoch), b));
                var first = b * options.BatchSize;
                var n = Math.Min(options.BatchSize, order.Length - first);
                builder.Training(order, first, n, augmenter, Seeds.Mix(options.Seed + 2, epoch), buffer);
                for (var i = 0; i < n; i++)
                {
                    targets[i] = train.Labels[order[first + i]];
                    soft?.AsSpan(order[first + i] * k, k).CopyTo(softTargets.AsSpan(i * k, k));
                }

                lr = LearningRateSchedule.At(options, ((long)(epoch - 1) * batches) + b, totalSteps, batches);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = lr;
                }

                using (var scope = torch.NewDisposeScope())
                {
                    var input = torch.tensor(buffer.AsSpan(0, n * imageSize).ToArray(), [n, 1, inputSize, inputSize]);
                    var target = torch.tensor(targets.AsSpan(0, n).ToArray(), [n]);
                    optimizer.zero_grad();
                    var logits = model.forward(input);
                    var loss = nn.functional.cross_entropy(logits, target, weight: classWeights, label_smoothing: options.LabelSmoothing);
                    if (soft is not null)
                    {
                        // Cross-entropy against the teachers' probabilities (KL divergence plus the teachers' constant entropy).
                        var teacher = torch.tensor(softTargets.AsSpan(0, n * k).ToArray(), [n, k]);
                        var distilled = -(teacher * nn.functional.log_softmax(logits, 1)).sum(1).mean();
                        loss = (loss * (1 - options.DistillationWeight)) + (distilled * options.DistillationWeight);
                    }

                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>() * n;
                    correct += logits.argmax(1).eq(target).sum().item<long>();
                    seen += n;
                }

                if (options.CheckpointMinutes > 0 && b < batches - 1 && Stopwatch.GetElapsedTime(lastCheckpoint).TotalMinutes >= options.CheckpointMinutes)
                {
                    CheckpointPartway(b + 1);
                }

                if (progress is not null && (b % 10 == 0 || b == batches - 1))
                {
                    progress.Report(new TrainingProgress(epoch, options.Epochs, b + 1, batches, lossSum / seen, (double)correct / seen, lr, Eta(runStart, stepsAtStart, epoch, b + 1, batches, options.Epochs), null));
                }
            }

            var trainSeconds = EpochSeconds();
            float[] plainProbs;
            float[]? mirroredProbs;
            try
            {
                (plainProbs, mirroredProbs) = DatasetPredictor.Predict(new TorchClassifier(model, spec), validation, options.ValidationTta, ct: ct);
            }
            catch (OperationCanceledException)
            {
                // Stopped while validating: the epoch's training is kept; a resume validates it.
                if (startBatch < batches)
                {
                    CheckpointPartway(batches);
                }

                throw;
            }

            var plain = ClassificationReport.FromProbabilities(validationLabels, plainProbs);
            var withTta = mirroredProbs is null ? plain : ClassificationReport.FromProbabilities(validationLabels, DatasetPredictor.Average(plainProbs, mirroredProbs));
            var metrics = new EpochMetrics(epoch, lr, lossSum / seen, (double)correct / seen, plain.Loss, plain.Accuracy, withTta.Accuracy, withTta.MacroF1, EpochSeconds());
            var score = withTta.Accuracy;
            var improved = score > state.BestAccuracy;
            if (improved)
            {
                model.save(run.BestWeights + ".tmp");
                File.Move(run.BestWeights + ".tmp", run.BestWeights, overwrite: true);
            }

            var bestEpoch = improved ? epoch : state.BestEpoch;
            state = state with
            {
                Epoch = epoch,
                BestAccuracy = Math.Max(score, state.BestAccuracy),
                BestEpoch = bestEpoch,
                History = [.. state.History, metrics],
                Stopped = options.EarlyStoppingPatience > 0 && epoch - bestEpoch >= options.EarlyStoppingPatience,
                TrainingSeconds = state.TrainingSeconds + metrics.Seconds,
                InProgress = null,
            };
            SaveLast(model, optimizer, state, run);
            lastCheckpoint = Stopwatch.GetTimestamp();
            File.AppendAllText(run.MetricsCsv, metrics.ToCsv() + "\n");
            logger.LogInformation(
                "Epoch {Epoch}/{Epochs}: train loss {TrainLoss:F4} acc {TrainAcc:P2}; val loss {ValLoss:F4} acc {ValAcc:P2} (flip TTA {ValTta:P2}); {TrainSeconds:F0}s training, {Seconds:F0}s in all{Best}",
                epoch, options.Epochs, metrics.TrainLoss, metrics.TrainAccuracy, metrics.ValidationLoss, metrics.ValidationAccuracy, metrics.ValidationAccuracyTta, trainSeconds, metrics.Seconds, improved ? " (best)" : "");
            progress?.Report(new TrainingProgress(epoch, options.Epochs, batches, batches, metrics.TrainLoss, metrics.TrainAccuracy, lr, Eta(runStart, stepsAtStart, epoch, batches, batches, options.Epochs), metrics));
            if (state.Stopped)
            {
                logger.LogInformation("Early stopping: no better validation accuracy for {Patience} epochs (best {Best:P2} at epoch {BestEpoch})", options.EarlyStoppingPatience, state.BestAccuracy, state.BestEpoch);
            }
        }

        return state;
    }

    /// <summary>Images whose activations calibrate the batch norms of a network taken from an ONNX export.</summary>
    public const int CalibrationImages = 1024;

    /// <summary>
    /// Loads starting weights into <paramref name="model"/>: a TorchSharp <c>.weights</c> file as it is, a float ONNX export
    /// through <see cref="OnnxWeightImporter"/> with batch norms calibrated on <see cref="CalibrationImages"/> seeded training images
    /// (pruned or widened when <paramref name="model"/> is a narrower or wider vgg than the export; an EfficientNet takes an
    /// export of its own architecture only).
    /// </summary>
    /// <returns>How the export's widths were changed to fit <paramref name="model"/>.</returns>
    public static OnnxWeightImporter.Resize Initialize(nn.Module<Tensor, Tensor> model, string path, FaceDataset train, EmotionModelSpec spec, int seed)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--init-from: {path} does not exist.", path);
        }

        if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            model.load(path);
            return OnnxWeightImporter.Resize.None;
        }

        if (model is not (VggNet or EfficientNet))
        {
            throw new NotSupportedException($"Starting from an ONNX file works for the vgg and EfficientNet networks only, not {spec.Architecture}; use a run's .weights file.");
        }

        var indices = Enumerable.Range(0, train.Count).ToArray();
        new Random(seed).Shuffle(indices);
        var n = Math.Min(CalibrationImages, train.Count);
        var size = spec.InputWidth * spec.InputHeight;
        var buffer = new float[n * size];
        new BatchBuilder(train, spec).Evaluation(indices.AsSpan(0, n), buffer);
        using var calibration = torch.tensor(buffer, [n, 1, spec.InputHeight, spec.InputWidth]);
        return model is VggNet vgg
            ? OnnxWeightImporter.Load(vgg, path, calibration)
            : OnnxWeightImporter.Load((EfficientNet)model, path, calibration);
    }

    private static void SaveLast(nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, TrainingState state, TrainingRun run)
    {
        // Weights and optimiser first, state last: a crash in between leaves the previous state pointing at consistent files
        // only if all three are replaced together, so each is written to a temporary name and moved.
        model.save(run.LastWeights + ".tmp");
        optimizer.save_state_dict(run.LastOptimizer + ".tmp");
        File.Move(run.LastWeights + ".tmp", run.LastWeights, overwrite: true);
        File.Move(run.LastOptimizer + ".tmp", run.LastOptimizer, overwrite: true);
        state.Save(run.LastState);
    }

    private static TorchSharp.Modules.OptimizerHelper CreateOptimizer(nn.Module model, TrainingOptions o) => o.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(model.parameters(), o.LearningRate, momentum: 0.9, nesterov: true, weight_decay: o.WeightDecay),
        _ => optim.AdamW(model.parameters(), o.LearningRate, weight_decay: o.WeightDecay),
    };

    private static TimeSpan Eta(long runStart, long stepsAtStart, int epoch, int batch, int batches, int epochs)
    {
        var done = ((epoch - 1) * (double)batches) + batch - stepsAtStart;
        var remaining = ((epochs - epoch) * (double)batches) + (batches - batch);
        var elapsed = Stopwatch.GetElapsedTime(runStart).TotalSeconds;
        return done <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(elapsed / done * remaining);
    }
}
