namespace EmoTune.Cli.Benchmarks;

/// <summary>Recall and end-to-end accuracy over one group of faces (a size, rotation or lighting band).</summary>
internal sealed record SceneGroupResult(string Name, int Faces, double Recall, double Accuracy);
