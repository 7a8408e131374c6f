using System.Globalization;
using EmoTune.Music.Catalog;
using EmoTune.Music.Feedback;

namespace EmoTune.Music.Recommendation;

/// <summary>Writes the short human reason shown beside each recommendation.</summary>
public static class ReasonWriter
{
    /// <summary>Likes needed before the reason mentions an artist or genre the listener liked in this mood.</summary>
    public const int EvidenceLikes = 2;

    /// <summary><c>low</c> below 0.35, <c>high</c> above 0.65, <c>mid</c> between.</summary>
    public static string Level(double value) => value switch
    {
        < 0.35 => "low",
        > 0.65 => "high",
        _ => "mid",
    };

    /// <summary>
    /// "matches your calm mood: low energy, mid valence", "lifts your sad mood (step 2 of 5): mid energy, mid valence"
    /// or "calms your angry mood: low energy, low valence", followed by "; you liked Adele in this mood" or
    /// "; jazz has gone down well in this mood" when the feedback shows it.
    /// </summary>
    public static string Explain(MusicTarget target, Track track, RecommenderOptions options, MoodFeedback? feedback)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(options);
        var mood = target.Mood.Mood;
        var levels = $"{Level(track.Energy)} energy, {Level(track.Valence)} valence";
        var reason = target.Strategy switch
        {
            MoodStrategy.Match => $"matches your {mood} mood: {levels}",
            MoodStrategy.Lift => string.Create(
                CultureInfo.InvariantCulture,
                $"lifts your {mood} mood (step {Math.Min(target.Step, options.LiftSteps) + 1} of {options.LiftSteps + 1}): {levels}"),
            MoodStrategy.Calm => $"calms your {mood} mood: {levels}",
            _ => throw new ArgumentOutOfRangeException(nameof(target), target.Strategy, "Unknown strategy."),
        };
        return reason + PersonalNote(track, options, feedback);
    }

    private static string PersonalNote(Track track, RecommenderOptions options, MoodFeedback? feedback)
    {
        if (feedback is null)
        {
            return "";
        }

        if (Liked(feedback.ForArtist(track.Artist), options))
        {
            return $"; you liked {track.Artist} in this mood";
        }

        return Liked(feedback.ForGenre(track.Genre), options) ? $"; {track.Genre} has gone down well in this mood" : "";
    }

    private static bool Liked(FeedbackCounts counts, RecommenderOptions options) =>
        counts.Likes >= EvidenceLikes && counts.Mean(options.DislikeWeight) > 0.5;
}
