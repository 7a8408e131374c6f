namespace EmoTune.Music.Library;

/// <summary>The mode of a piece as estimated from its pitch-class profile.</summary>
public enum MusicalMode
{
    /// <summary>Major key.</summary>
    Major,

    /// <summary>Minor key.</summary>
    Minor,
}
