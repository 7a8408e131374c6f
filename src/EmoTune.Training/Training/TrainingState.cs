using System.Text.Json;

namespace EmoTune.Training.Training;

/// <summary>
/// Everything beyond the weights that a resumed run needs: its options, the last finished epoch, the best validation
/// result, the metric history and, when the checkpoint was written partway through an epoch, how far that epoch got.
/// Saved as <c>last.json</c> beside <c>last.weights</c> and <c>last.optim</c>.
/// </summary>
public sealed record TrainingState
{
    /// <summary>Options of the run (a resume uses these, not new ones).</summary>
    public required TrainingOptions Options { get; init; }

    /// <summary>Last finished epoch (1-based); 0 before the first.</summary>
    public int Epoch { get; init; }

    /// <summary>Best validation accuracy so far (with TTA when enabled).</summary>
    public double BestAccuracy { get; init; }

    /// <summary>Epoch of <see cref="BestAccuracy"/>.</summary>
    public int BestEpoch { get; init; }

    /// <summary>Per-epoch metrics so far.</summary>
    public IReadOnlyList<EpochMetrics> History { get; init; } = [];

    /// <summary>Whether early stopping ended the run.</summary>
    public bool Stopped { get; init; }

    /// <summary>Seconds spent training, summed over sessions (finished epochs).</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>
    /// The epoch after <see cref="Epoch"/> when the checkpoint was written partway through it (then <c>last.weights</c>
    /// and <c>last.optim</c> are the weights after its <see cref="EpochInProgress.Batches"/> batches); null at an epoch's end.
    /// </summary>
    public EpochInProgress? InProgress { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The same state with a new epoch budget; a run that early stopping ended may go on.</summary>
    public TrainingState WithEpochs(int epochs) => this with { Options = Options with { Epochs = epochs }, Stopped = false };

    /// <summary>Writes the state atomically.</summary>
    public void Save(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a state file, naming it on failure.</summary>
    public static TrainingState Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: checkpoint state not found.", path);
        }

        try
        {
            return JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(path), JsonOptions)
                ?? throw new InvalidDataException($"{path}: empty checkpoint state.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a checkpoint state: {ex.Message}", ex);
        }
    }
}

/// <summary>
/// How far an unfinished epoch got when it was checkpointed: a resume goes on with batch <see cref="Batches"/> (0-based)
/// and the running sums, so the epoch's metrics are those of the uninterrupted epoch.
/// </summary>
/// <param name="Epoch">The unfinished epoch (1-based).</param>
/// <param name="Batches">Batches of it done; all of them when it was stopped while validating (a resume validates it).</param>
/// <param name="BatchesPerEpoch">Batches an epoch has with the run's data; a resume on other data is refused.</param>
/// <param name="LossSum">Sum of the training loss over the images seen.</param>
/// <param name="Correct">Training images classified right.</param>
/// <param name="Seen">Training images seen.</param>
/// <param name="Seconds">Seconds spent on the epoch so far.</param>
public sealed record EpochInProgress(int Epoch, int Batches, int BatchesPerEpoch, double LossSum, long Correct, long Seen, double Seconds);
