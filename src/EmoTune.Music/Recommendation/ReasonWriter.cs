using EmoTune.Core.Emotions;
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
    /// The mood as the page names it (the emotion), with the mood map's word beside it when that differs:
    /// "sad", "neutral (calm)", "surprise (excited)".
    /// </summary>
    public static string MoodName(MusicTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var name = target.Emotion.ToName();
        return string.Equals(name, target.Mood.Mood, StringComparison.Ordinal) ? name : $"{name} ({target.Mood.Mood})";
    }

    /// <summary>
    /// "matches your neutral (calm) mood: low energy, mid valence", "lifts your sad mood toward happy (track 2 of 5): mid energy, mid valence"
    /// or "calms your angry mood: low energy, low valence", followed by "; you liked Adele in this mood" or
    /// "; jazz has gone down well in this mood" when the feedback shows it.
    /// </summary>
    /// <param name="target">The region the track was chosen for (a lift's step is the track's place in the plan).</param>
    /// <param name="track">The track.</param>
    /// <param name="options">The options in force.</param>
    /// <param name="feedback">The listener's feedback in this mood, or null.</param>
    /// <param name="toward">Where a lift plan goes ("toward happy"), or null.</param>
    public static string Explain(MusicTarget target, Track track, RecommenderOptions options, MoodFeedback? feedback, Emotion? toward = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(options);
        var mood = MoodName(target);
        var levels = $"{Level(track.Energy)} energy, {Level(track.Valence)} valence";
        var reason = target.Strategy switch
        {
            MoodStrategy.Match => $"matches your {mood} mood: {levels}",
            MoodStrategy.Lift => string.Create(
                CultureInfo.InvariantCulture,
                $"lifts your {mood} mood{(toward is { } t && t != target.Emotion ? " toward " + t.ToName() : "")} (track {Math.Min(target.Step, options.LiftSteps) + 1} of {options.LiftSteps + 1}): {levels}"),
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
