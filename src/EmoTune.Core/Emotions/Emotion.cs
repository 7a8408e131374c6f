namespace EmoTune.Core.Emotions;

/// <summary>The seven FER2013 emotions, numbered as in the dataset's <c>emotion</c> column.</summary>
public enum Emotion
{
    /// <summary>FER2013 label 0.</summary>
    Angry = 0,

    /// <summary>FER2013 label 1.</summary>
    Disgust = 1,

    /// <summary>FER2013 label 2.</summary>
    Fear = 2,

    /// <summary>FER2013 label 3.</summary>
    Happy = 3,

    /// <summary>FER2013 label 4.</summary>
    Sad = 4,

    /// <summary>FER2013 label 5.</summary>
    Surprise = 5,

    /// <summary>FER2013 label 6.</summary>
    Neutral = 6,
}
