using System.CommandLine;
using System.Globalization;
using EmoTune.Core;
using EmoTune.Training.Data;
using EmoTune.Training.Models;
using EmoTune.Training.Training;
using Microsoft.Extensions.Logging;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune train</c>: trains a network on train/ and selects it on test/ (never tuned on anything else).</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions();
        var data = CliOptions.Data();
        var arch = new Option<string>("--arch") { Description = "Architecture: " + string.Join(", ", NetworkFactory.Architectures.Keys), DefaultValueFactory = _ => defaults.Architecture };
        arch.AcceptOnlyFromAmong([.. NetworkFactory.Architectures.Keys]);
        var epochs = new Option<int>("--epochs") { Description = "Epochs", DefaultValueFactory = _ => defaults.Epochs };
        var output = new Option<string?>("--out") { Description = "Run folder for checkpoints, metrics.csv and the best weights (required unless --resume names the run)" };
        var resume = new Option<string?>("--resume") { Description = "Resume from a run folder or its last.json, at the epoch end or the batch it reached; its saved options are used (only --epochs and --checkpoint-minutes may change)" };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size", DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate", DefaultValueFactory = _ => defaults.LearningRate };
        var wd = new Option<double>("--weight-decay") { Description = "Weight decay", DefaultValueFactory = _ => defaults.WeightDecay };
        var optimizer = new Option<OptimizerKind>("--optimizer") { Description = "AdamW or Sgd (Nesterov momentum 0.9)", DefaultValueFactory = _ => defaults.Optimizer };
        var schedule = new Option<ScheduleKind>("--schedule") { Description = "WarmupCosine or OneCycle", DefaultValueFactory = _ => defaults.Schedule };
        var smoothing = new Option<double>("--label-smoothing") { Description = "Label smoothing", DefaultValueFactory = _ => defaults.LabelSmoothing };
        var balance = new Option<BalanceMode>("--balance") { Description = "None, Oversample or Weights (training split only)", DefaultValueFactory = _ => defaults.Balance };
        var strength = new Option<double>("--balance-strength") { Description = "0 = none … 1 = every class as large as the largest", DefaultValueFactory = _ => defaults.BalanceStrength };
        var patience = new Option<int>("--patience") { Description = "Early-stopping patience in epochs (0 = off)", DefaultValueFactory = _ => defaults.EarlyStoppingPatience };
        var seed = new Option<int>("--seed") { Description = "Seed for weights, shuffling, oversampling, augmentation", DefaultValueFactory = _ => defaults.Seed };
        var noAugment = new Option<bool>("--no-augment") { Description = "Disable augmentation" };
        var augmentStrength = new Option<double>("--augment-strength") { Description = "Multiply every augmentation magnitude (shift, rotation, scale, lighting, erasing chance) by this; the flip stays. 0 = --no-augment", DefaultValueFactory = _ => 1.0 };
        var blur = new Option<double>("--blur") { Description = "Chance (0–1) that a training image is blurred (Gaussian σ 0.5–2 px at 48 px); not scaled by --augment-strength" };
        var lowRes = new Option<double>("--low-res") { Description = "Chance (0–1) that a training image is shrunk to 16–32 px and enlarged back; not scaled by --augment-strength" };
        var cleanEpochs = new Option<int>("--clean-epochs") { Description = "Train the last N epochs without augmentation, so the network can fit clean images at the schedule's low end", DefaultValueFactory = _ => defaults.CleanEpochs };
        var limit = new Option<int?>("--per-class") { Description = "Use at most N training images per class (quick experiments); a resumed run keeps its own" };
        var init = new Option<string?>("--init-from") { Description = "Start from these weights instead of random ones: a run's .weights file or a float ONNX export of the same architecture, a vgg or an efficientnet (e.g. models/emotune-fer2013-fp32.onnx), or of a vgg of other widths, which is pruned or widened (e.g. --arch vgg-slim or vgg-wide from a vgg export), or with fewer convolutions per stage, whose last one is fitted to the convolutions it replaces (vgg-lite from a vgg export)" };
        var warmup = new Option<double>("--warmup") { Description = "Warm-up epochs of the WarmupCosine schedule", DefaultValueFactory = _ => defaults.WarmupEpochs };
        var teachers = new Option<string[]>("--teacher")
        {
            Description = "Distil from these models (ONNX exports or run .weights; repeat for an ensemble): their mean probability over --teacher-views views of each training image becomes a soft target beside the label",
            AllowMultipleArgumentsPerToken = true,
        };
        var teacherViews = new Option<int>("--teacher-views") { Description = "Test-time views per teacher and training image", DefaultValueFactory = _ => defaults.TeacherViews, HelpName = string.Join('|', TestTimeView.Counts) };
        teacherViews.AcceptOnlyFromAmong([.. TestTimeView.Counts.Select(n => n.ToString(CultureInfo.InvariantCulture))]);
        var distillWeight = new Option<double>("--distill-weight") { Description = "Weight of the soft-target loss (the label loss gets 1 minus it), in (0, 1]", DefaultValueFactory = _ => defaults.DistillationWeight };
        var validation = new Option<string>("--val-split") { Description = "Validation split name", DefaultValueFactory = _ => "test" };
        var checkpoint = new Option<double>("--checkpoint-minutes")
        {
            Description = "Also checkpoint partway through an epoch every this many minutes (0: at epoch ends only); Ctrl+C checkpoints where it stops. A resume goes on from the batch it reached, exactly as if never stopped; may change on resume",
            DefaultValueFactory = _ => defaults.CheckpointMinutes,
        };

        var command = new Command("train", "Train an emotion network on FER2013 train/, selecting it on test/ (PublicTest)")
        {
            data, arch, epochs, output, resume, batch, lr, wd, optimizer, schedule, smoothing, balance, strength, patience, seed, noAugment, augmentStrength, blur, lowRes, cleanEpochs, limit, validation, init, warmup, teachers, teacherViews, distillWeight, checkpoint,
        };
        command.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var options = defaults with
                {
                    Architecture = parse.GetValue(arch)!,
                    Epochs = Positive(parse.GetValue(epochs), "--epochs"),
                    BatchSize = Positive(parse.GetValue(batch), "--batch-size"),
                    LearningRate = parse.GetValue(lr),
                    WeightDecay = parse.GetValue(wd),
                    Optimizer = parse.GetValue(optimizer),
                    Schedule = parse.GetValue(schedule),
                    LabelSmoothing = parse.GetValue(smoothing),
                    Balance = parse.GetValue(balance),
                    BalanceStrength = parse.GetValue(strength),
                    EarlyStoppingPatience = parse.GetValue(patience),
                    Seed = parse.GetValue(seed),
                    Augmentation = Augmentation(parse.GetValue(noAugment), parse.GetResult(augmentStrength) is { Implicit: false } ? parse.GetValue(augmentStrength) : null, defaults.Augmentation)
                        with { BlurProbability = Chance(parse.GetValue(blur), "--blur"), LowResolutionProbability = Chance(parse.GetValue(lowRes), "--low-res") },
                    CleanEpochs = parse.GetValue(cleanEpochs),
                    InitFrom = parse.GetValue(init),
                    WarmupEpochs = parse.GetValue(warmup),
                    Teachers = parse.GetValue(teachers) is { Length: > 0 } t ? t : null,
                    TeacherViews = parse.GetValue(teacherViews),
                    DistillationWeight = parse.GetValue(distillWeight),
                    PerClass = parse.GetValue(limit) is { } k ? Positive(k, "--per-class") : null,
                    CheckpointMinutes = parse.GetValue(checkpoint),
                };
                if (!(options.CheckpointMinutes >= 0 && double.IsFinite(options.CheckpointMinutes)))
                {
                    throw new ArgumentException($"--checkpoint-minutes must be 0 (epoch ends only) or a positive number of minutes, got {options.CheckpointMinutes}.");
                }

                if (options.Teachers is null && (parse.GetResult(teacherViews) is { Implicit: false } || parse.GetResult(distillWeight) is { Implicit: false }))
                {
                    throw new ArgumentException("--teacher-views and --distill-weight only apply with --teacher (the model to distil from).");
                }

                if (options.Teachers is not null)
                {
                    if (options.DistillationWeight is not (> 0 and <= 1))
                    {
                        throw new ArgumentException($"--distill-weight must be in (0, 1], got {options.DistillationWeight}.");
                    }

                    if (options.Teachers.FirstOrDefault(p => !File.Exists(p)) is { } missing)
                    {
                        throw new FileNotFoundException($"--teacher: {missing} does not exist.", missing);
                    }
                }

                if (options.CleanEpochs < 0 || options.CleanEpochs > options.Epochs)
                {
                    throw new ArgumentException($"--clean-epochs must be between 0 and --epochs ({options.Epochs}), got {options.CleanEpochs}.");
                }

                if (options.WarmupEpochs < 0)
                {
                    throw new ArgumentException($"--warmup must not be negative, got {options.WarmupEpochs}.");
                }
                var resumeFrom = parse.GetValue(resume);
                var outFolder = parse.GetValue(output);
                if (resumeFrom is null && string.IsNullOrWhiteSpace(outFolder))
                {
                    throw new ArgumentException("--out is required: the run folder for checkpoints, metrics.csv and the best weights (or --resume RUN to continue one).");
                }

                if (resumeFrom is not null && outFolder is not null && !string.Equals(Path.GetFullPath(TrainingRun.FromPath(resumeFrom).Directory), Path.GetFullPath(outFolder), StringComparison.Ordinal))
                {
                    throw new ArgumentException($"--out {outFolder} differs from the resumed run's folder; a resumed run keeps writing where it started (leave out --out).");
                }

                if (options.InitFrom is { } initPath)
                {
                    if (resumeFrom is not null)
                    {
                        throw new ArgumentException("--init-from starts a new run; a resumed run continues from its own checkpoint (leave out one of them).");
                    }

                    if (!File.Exists(initPath))
                    {
                        throw new FileNotFoundException($"--init-from: {initPath} does not exist.", initPath);
                    }
                }

                if (OneDnnRelaunch.IfNeeded(c) is { } exitCode)
                {
                    return exitCode;
                }

                var run = resumeFrom is null ? new TrainingRun(outFolder!) : TrainingRun.FromPath(resumeFrom);
                if (resumeFrom is not null && parse.GetResult(epochs) is { Implicit: false })
                {
                    // The one option a resume may change: the epoch budget (the cosine/one-cycle schedule is re-stretched from here).
                    var saved = TrainingState.Load(run.LastState);
                    if (options.Epochs <= saved.Epoch)
                    {
                        throw new ArgumentException($"--epochs {options.Epochs} is not beyond the {saved.Epoch} epoch(s) {run.LastState} has finished.");
                    }

                    saved.WithEpochs(options.Epochs).Save(run.LastState);
                    Console.Error.WriteLine($"resume: epoch budget changed from {saved.Options.Epochs} to {options.Epochs}");
                }

                // A resumed run trains on the images it started with: its own subset (and the seed that drew it).
                var subset = resumeFrom is null ? options : TrainingState.Load(run.LastState).Options;
                if (resumeFrom is not null && options.PerClass is { } asked && asked != subset.PerClass)
                {
                    throw new ArgumentException($"--per-class {asked} differs from the resumed run's {(subset.PerClass is { } n ? n.ToString(CultureInfo.InvariantCulture) : "all images")}; a resumed run keeps its training images (leave out --per-class).");
                }

                var dataPath = parse.GetValue(data)!;
                var train = Load(dataPath, "train", c);
                if (subset.PerClass is { } perClass)
                {
                    train = train.StratifiedSample(perClass, subset.Seed);
                }

                var val = Load(dataPath, parse.GetValue(validation)!, c);
                using var loggers = CommandRunner.CreateLoggerFactory();
                var trainer = new Trainer(loggers.CreateLogger<Trainer>());
                if (options.Teachers is { } teacherList && resumeFrom is null)
                {
                    // The trainer reads these from the run folder; computed here to show progress (a few minutes on FER2013).
                    Directory.CreateDirectory(run.Directory);
                    using var teacherBar = new ConsoleProgressBar("teachers");
                    var total = (double)train.Count * teacherList.Count;
                    Distillation.LoadOrCompute(options, train, run.TeacherTargets, new SynchronousProgress<int>(n => teacherBar.Update(n / total, $"{n:N0} of {total:N0} image passes ({options.TeacherViews} views each)")), c);
                }

                using var bar = new ConsoleProgressBar("train");
                var progress = new SynchronousProgress<TrainingProgress>(p =>
                {
                    var overall = ((p.Epoch - 1) + ((double)p.Batch / p.Batches)) / p.Epochs;
                    bar.Update(overall, string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches} loss {p.Loss:F3} acc {p.Accuracy:P1} lr {p.LearningRate:G3} ETA {ConsoleProgressBar.Format(p.Eta)}"));
                });
                var state = trainer.Run(train, val, options, run, resumeFrom is not null, progress, c);
                bar.Dispose();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best validation accuracy {state.BestAccuracy:P2} at epoch {state.BestEpoch}; weights: {run.BestWeights}"));
                return CommandRunner.Ok;
            },
            ct));
        return command;
    }

    internal static FaceDataset Load(string path, string split, CancellationToken ct)
    {
        using var bar = new ConsoleProgressBar($"load {split}");
        var data = DatasetSource.Load(path, split, new SynchronousProgress<int>(n => bar.Update(0.5, $"{n} images decoded")), ct);
        bar.Update(1, $"{data.Count} images");
        return data;
    }

    /// <summary>The run's augmentation from --no-augment and --augment-strength (null when not given).</summary>
    private static AugmentationOptions Augmentation(bool off, double? strength, AugmentationOptions defaults)
    {
        if (off && strength is not null)
        {
            throw new ArgumentException("--no-augment and --augment-strength contradict each other (--augment-strength 0 is --no-augment); give one.");
        }

        if (strength is { } s && !defaults.AllowsStrength(s))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--augment-strength must be between 0 and {defaults.MaxStrength:0.##}, got {s}."));
        }

        return off ? AugmentationOptions.Off : defaults.Scaled(strength ?? 1);
    }

    private static double Chance(double value, string name) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be a chance between 0 and 1, got {value}."));

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive, got {value}.");
}
