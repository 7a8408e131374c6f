namespace EmoTune.Music.Library;

/// <summary>The best-fitting key of a pitch-class profile.</summary>
/// <param name="Tonic">Pitch class of the tonic, 0 = C … 11 = B.</param>
/// <param name="Mode">Major or minor.</param>
/// <param name="Confidence">
/// How clearly the mode was told apart, 0–1: the gap between the best major and the best minor profile correlation
/// (0 for silence or a flat profile).
/// </param>
public sealed record KeyEstimate(int Tonic, MusicalMode Mode, double Confidence)
{
    private static readonly string[] Names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    /// <summary>The key's name, e.g. <c>A minor</c>.</summary>
    public string Name => $"{Names[((Tonic % 12) + 12) % 12]} {(Mode == MusicalMode.Major ? "major" : "minor")}";
}
