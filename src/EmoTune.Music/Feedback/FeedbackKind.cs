namespace EmoTune.Music.Feedback;

/// <summary>What a listener did with a played track.</summary>
public enum FeedbackKind
{
    /// <summary>Liked it: a success for the track, its artist and its genre in that mood.</summary>
    Like = 0,

    /// <summary>Skipped it: a failure.</summary>
    Skip = 1,

    /// <summary>Disliked it: a failure that counts <see cref="Recommendation.RecommenderOptions.DislikeWeight"/> times.</summary>
    Dislike = 2,
}
