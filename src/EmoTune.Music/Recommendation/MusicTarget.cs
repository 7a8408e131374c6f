using EmoTune.Core.Emotions;
using EmoTune.Core.Moods;

namespace EmoTune.Music.Recommendation;

/// <summary>The region of the valence–energy plane a strategy aims at for one recommendation.</summary>
/// <param name="Mood">The listener's mood region.</param>
/// <param name="Strategy">The strategy applied.</param>
/// <param name="Step">Lift step (0 = the mood itself); 0 for the other strategies.</param>
/// <param name="Centre">Target valence and arousal (energy).</param>
/// <param name="ValenceSpread">Half-width along valence.</param>
/// <param name="ArousalSpread">Half-width along energy.</param>
public sealed record MusicTarget(MoodRegion Mood, MoodStrategy Strategy, int Step, MoodPoint Centre, double ValenceSpread, double ArousalSpread)
{
    /// <summary>The emotion the target was made for.</summary>
    public Emotion Emotion => Mood.Emotion;
}
