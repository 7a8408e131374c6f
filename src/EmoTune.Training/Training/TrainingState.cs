using System.Text.Json;

namespace EmoTune.Training.Training;

/// <summary>
/// Everything beyond the weights that a resumed run needs: its options, the last finished epoch, the best validation
/// result and the metric history. Saved as <c>last.json</c> beside <c>last.weights</c> and <c>last.optim</c>.
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

    /// <summary>Seconds spent training, summed over sessions.</summary>
    public double TrainingSeconds { get; init; }

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
