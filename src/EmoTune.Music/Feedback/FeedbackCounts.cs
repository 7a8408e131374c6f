namespace EmoTune.Music.Feedback;

/// <summary>Likes, skips and dislikes of one track, artist or genre in one mood.</summary>
/// <param name="Likes">Number of likes.</param>
/// <param name="Skips">Number of skips.</param>
/// <param name="Dislikes">Number of dislikes.</param>
public sealed record FeedbackCounts(int Likes, int Skips, int Dislikes)
{
    /// <summary>No feedback.</summary>
    public static FeedbackCounts None { get; } = new(0, 0, 0);

    /// <summary>All feedback.</summary>
    public int Total => Likes + Skips + Dislikes;

    /// <summary>These counts plus <paramref name="count"/> of <paramref name="kind"/>.</summary>
    public FeedbackCounts Add(FeedbackKind kind, int count = 1) => kind switch
    {
        FeedbackKind.Like => this with { Likes = Likes + count },
        FeedbackKind.Skip => this with { Skips = Skips + count },
        FeedbackKind.Dislike => this with { Dislikes = Dislikes + count },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feedback kind."),
    };

    /// <summary>α of the Beta posterior over the like probability, from a uniform Beta(1, 1) prior.</summary>
    public double Alpha => 1 + Likes;

    /// <summary>β of the Beta posterior: one per skip and <paramref name="dislikeWeight"/> per dislike, plus the prior's 1.</summary>
    public double Beta(double dislikeWeight) => 1 + Skips + (dislikeWeight * Dislikes);

    /// <summary>Posterior mean like probability.</summary>
    public double Mean(double dislikeWeight) => Alpha / (Alpha + Beta(dislikeWeight));
}
