using EmoTune.Core.Emotions;

namespace EmoTune.Music.Feedback;

/// <summary>Where likes, skips and dislikes are kept, per profile.</summary>
public interface IFeedbackStore
{
    /// <summary>Records one event.</summary>
    Task AddAsync(FeedbackEvent feedback, CancellationToken ct = default);

    /// <summary>The profile's feedback in one mood, tallied per track, artist and genre.</summary>
    Task<MoodFeedback> GetMoodFeedbackAsync(string profileId, Emotion emotion, CancellationToken ct = default);

    /// <summary>Ids of the profile's last <paramref name="count"/> played tracks, most recent first.</summary>
    Task<IReadOnlyList<string>> GetRecentTrackIdsAsync(string profileId, int count, CancellationToken ct = default);

    /// <summary>
    /// The profile's feedback, newest first: at most <paramref name="limit"/> events, only those older than the event
    /// with id <paramref name="before"/> when it is given.
    /// </summary>
    Task<IReadOnlyList<FeedbackHistoryEntry>> GetHistoryAsync(string profileId, int limit, long? before = null, CancellationToken ct = default);

    /// <summary>Everything stored for the profile ("export my data").</summary>
    Task<ProfileExport> ExportAsync(string profileId, CancellationToken ct = default);

    /// <summary>Deletes everything stored for the profile ("delete my data"); returns the number of events removed.</summary>
    Task<int> DeleteProfileAsync(string profileId, CancellationToken ct = default);
}
