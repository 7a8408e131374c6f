using EmoTune.Training.Data;

namespace EmoTune.Training.Training;

/// <summary>Optimiser used by the trainer.</summary>
public enum OptimizerKind
{
    /// <summary>AdamW (decoupled weight decay).</summary>
    AdamW,

    /// <summary>SGD with Nesterov momentum 0.9.</summary>
    Sgd,
}

/// <summary>Learning-rate schedule.</summary>
public enum ScheduleKind
{
    /// <summary>Linear warm-up, then cosine decay to <see cref="TrainingOptions.MinLearningRate"/>.</summary>
    WarmupCosine,

    /// <summary>One-cycle (Smith 2018): cosine rise over the first 30% to the peak, then cosine fall.</summary>
    OneCycle,
}

/// <summary>Every hyperparameter of a training run; saved beside each checkpoint so a resumed run can't drift.</summary>
public sealed record TrainingOptions
{
    /// <summary>Architecture name (see <c>NetworkFactory</c>).</summary>
    public string Architecture { get; init; } = "vgg";

    /// <summary>Number of epochs.</summary>
    public int Epochs { get; init; } = 60;

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Optimiser.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Final learning rate.</summary>
    public double MinLearningRate { get; init; } = 1e-5;

    /// <summary>Weight decay (decoupled for AdamW).</summary>
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>Schedule.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.WarmupCosine;

    /// <summary>Warm-up epochs for <see cref="ScheduleKind.WarmupCosine"/>.</summary>
    public double WarmupEpochs { get; init; } = 2;

    /// <summary>Label smoothing (Szegedy et al. 2016).</summary>
    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>Class balancing of the training split.</summary>
    public BalanceMode Balance { get; init; } = BalanceMode.Oversample;

    /// <summary>0 = none, 1 = every class brought to the largest.</summary>
    public double BalanceStrength { get; init; } = 0.5;

    /// <summary>Augmentation; <see cref="AugmentationOptions.Off"/> to disable.</summary>
    public AugmentationOptions Augmentation { get; init; } = new();

    /// <summary>
    /// The last this-many epochs train on clean images (<see cref="AugmentationOptions.Off"/>): strong augmentation keeps
    /// the network from fitting even its own training images, and a few clean epochs at the schedule's low end let it.
    /// Counted back from <see cref="Epochs"/>, so a resume that extends the budget moves them to the new end.
    /// </summary>
    public int CleanEpochs { get; init; }

    /// <summary>The augmentation of epoch <paramref name="epoch"/> (1-based): <see cref="Augmentation"/>, or none in the last <see cref="CleanEpochs"/>.</summary>
    public AugmentationOptions AugmentationAt(int epoch) => epoch > Epochs - CleanEpochs ? AugmentationOptions.Off : Augmentation;

    /// <summary>Stop after this many epochs without a better validation accuracy; 0 disables.</summary>
    public int EarlyStoppingPatience { get; init; } = 15;

    /// <summary>Seed for weights, shuffling, oversampling and augmentation.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Training images per class (a stratified sample drawn with <see cref="Seed"/>, for quick experiments); null: all.
    /// Kept with the run, so that a resumed run trains on the same images.
    /// </summary>
    public int? PerClass { get; init; }

    /// <summary>Evaluate validation with a horizontal-flip test-time average as well.</summary>
    public bool ValidationTta { get; init; } = true;

    /// <summary>Torch intra-op threads; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Also checkpoint partway through an epoch once this many minutes have passed since the last checkpoint (0: at
    /// the ends of epochs only). A cancelled run (Ctrl+C, SIGTERM) checkpoints where it stopped in any case. It does not
    /// change what is trained: a run resumed mid-epoch goes on exactly as the uninterrupted run. A resume takes the
    /// interval it is given, not the saved one.
    /// </summary>
    public double CheckpointMinutes { get; init; } = 10;

    /// <summary>
    /// Start from these weights instead of a random initialisation: a run's <c>.weights</c> file or a float ONNX export of
    /// the same architecture (vgg or EfficientNet) or of a vgg of other widths or with more convolutions per stage, pruned,
    /// widened or shortened to this one (batch norms rebuilt from training images, see <c>OnnxWeightImporter</c>). Null: random.
    /// </summary>
    public string? InitFrom { get; init; }

    /// <summary>
    /// Teachers to distil from (ONNX exports or run <c>.weights</c>): their probabilities over <see cref="TeacherViews"/>
    /// views of each training image, averaged, become a soft target beside the label. Null or empty: no distillation.
    /// </summary>
    public IReadOnlyList<string>? Teachers { get; init; }

    /// <summary>Test-time views each teacher sees per training image (one of <c>TestTimeView.Counts</c>).</summary>
    public int TeacherViews { get; init; } = 10;

    /// <summary>Weight of the soft-target loss; the label loss gets 1 minus this.</summary>
    public double DistillationWeight { get; init; } = 0.5;

    /// <summary>Input normalisation mean (after scaling to [0, 1]).</summary>
    public float Mean { get; init; } = 0.5f;

    /// <summary>Input normalisation standard deviation.</summary>
    public float Std { get; init; } = 0.25f;
}
