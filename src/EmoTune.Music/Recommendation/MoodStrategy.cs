namespace EmoTune.Music.Recommendation;

/// <summary>What the music should do with the listener's mood.</summary>
public enum MoodStrategy
{
    /// <summary>Music that fits the mood.</summary>
    Match = 0,

    /// <summary>Start near the mood and move step by step toward positive valence over successive recommendations.</summary>
    Lift = 1,

    /// <summary>Keep the valence, lower the energy.</summary>
    Calm = 2,
}
