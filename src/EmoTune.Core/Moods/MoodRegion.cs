using EmoTune.Core.Emotions;

namespace EmoTune.Core.Moods;

/// <summary>
/// Where an emotion sits in the valence–arousal plane: a centre and how far either side of it still counts as the
/// same mood (one standard deviation of an axis-aligned ellipse).
/// </summary>
/// <param name="Emotion">The FER2013 emotion.</param>
/// <param name="Mood">The word shown to people, e.g. "calm" for neutral ("matches your calm mood").</param>
/// <param name="Centre">The centre of the region.</param>
/// <param name="ValenceSpread">Half-width of the region along valence, greater than 0.</param>
/// <param name="ArousalSpread">Half-width of the region along arousal, greater than 0.</param>
public sealed record MoodRegion(Emotion Emotion, string Mood, MoodPoint Centre, double ValenceSpread, double ArousalSpread);
