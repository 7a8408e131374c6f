namespace EmoTune.Cli.Benchmarks;

/// <summary>One detector at one detection size on the scene set.</summary>
internal sealed record SceneBenchResult(
    string Detector,
    int Side,
    float ScoreThreshold,
    double RotatedPasses,
    int Faces,
    double Recall,
    double Accuracy,
    double? AccuracyUnaligned,
    double FalsePositivesPerFrame,
    double FalsePositivesPerFaceFreeFrame,
    double P50Ms,
    double P99Ms,
    IReadOnlyList<SceneGroupResult> Groups);
