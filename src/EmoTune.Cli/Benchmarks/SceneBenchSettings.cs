namespace EmoTune.Cli.Benchmarks;

/// <summary>What <c>emotune bench scenes</c> measures.</summary>
internal sealed record SceneBenchSettings(
    string ModelPath,
    bool Mirror,
    string Faces,
    int Frames,
    int Seed,
    IReadOnlyList<string> Detectors,
    IReadOnlyList<int> Sides,
    IReadOnlyList<float> ScoreThresholds,
    IReadOnlyList<double> RotatedPasses,
    string? AnnotateDir,
    int AnnotateCount,
    string? Json);
