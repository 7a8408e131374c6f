namespace EmoTune.Training.Training;

/// <summary>The files of a training run folder.</summary>
/// <param name="Directory">The run folder.</param>
public sealed record TrainingRun(string Directory)
{
    /// <summary>Weights after the last finished epoch.</summary>
    public string LastWeights => Path.Combine(Directory, "last.weights");

    /// <summary>Optimiser state after the last finished epoch.</summary>
    public string LastOptimizer => Path.Combine(Directory, "last.optim");

    /// <summary>Resume state after the last finished epoch.</summary>
    public string LastState => Path.Combine(Directory, "last.json");

    /// <summary>Weights of the epoch with the best validation accuracy.</summary>
    public string BestWeights => Path.Combine(Directory, "best.weights");

    /// <summary>Per-epoch metrics.</summary>
    public string MetricsCsv => Path.Combine(Directory, "metrics.csv");

    /// <summary>The teachers' soft targets of a distillation run (computed once, reused on resume).</summary>
    public string TeacherTargets => Path.Combine(Directory, "teacher.bin");

    /// <summary>Finds the run folder from a folder or any of its files (as given to <c>--resume</c>).</summary>
    public static TrainingRun FromPath(string path) =>
        new(System.IO.Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
}
