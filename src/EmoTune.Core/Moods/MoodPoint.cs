namespace EmoTune.Core.Moods;

/// <summary>
/// A point in Russell's circumplex model of affect, both axes scaled to 0–1: <paramref name="Valence"/> runs from
/// unpleasant (0) to pleasant (1) and <paramref name="Arousal"/> from calm (0) to excited (1). For music, arousal is
/// read as a track's energy.
/// </summary>
/// <param name="Valence">Pleasantness, 0–1.</param>
/// <param name="Arousal">Activation or energy, 0–1.</param>
public sealed record MoodPoint(double Valence, double Arousal)
{
    /// <summary>The point moved <paramref name="fraction"/> (0–1) of the way toward <paramref name="goal"/>.</summary>
    public MoodPoint MoveToward(MoodPoint goal, double fraction)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var f = Math.Clamp(fraction, 0, 1);
        return new MoodPoint(Valence + (f * (goal.Valence - Valence)), Arousal + (f * (goal.Arousal - Arousal)));
    }
}
