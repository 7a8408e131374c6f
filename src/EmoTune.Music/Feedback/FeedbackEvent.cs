using EmoTune.Core.Emotions;
using EmoTune.Music.Catalog;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Feedback;

/// <summary>One like, skip or dislike, with the mood and strategy the track was played in.</summary>
/// <param name="ProfileId">Whose feedback it is.</param>
/// <param name="TrackId">The track's EmoTune id.</param>
/// <param name="Artist">The track's artist, kept so that personalisation can learn per artist.</param>
/// <param name="Title">The track's title, kept so that an export reads on its own.</param>
/// <param name="Genre">The track's genre, kept so that personalisation can learn per genre.</param>
/// <param name="Emotion">The listener's emotion when the track played.</param>
/// <param name="Strategy">The strategy that recommended it.</param>
/// <param name="Kind">Like, skip or dislike.</param>
/// <param name="At">When, in UTC.</param>
public sealed record FeedbackEvent(
    string ProfileId,
    string TrackId,
    string Artist,
    string Title,
    string Genre,
    Emotion Emotion,
    MoodStrategy Strategy,
    FeedbackKind Kind,
    DateTimeOffset At)
{
    /// <summary>Feedback on <paramref name="track"/>.</summary>
    public static FeedbackEvent For(string profileId, Track track, Emotion emotion, MoodStrategy strategy, FeedbackKind kind, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(track);
        return new FeedbackEvent(profileId, track.Id, track.Artist, track.Title, track.Genre, emotion, strategy, kind, at);
    }
}
