namespace EmoTune.Music.Feedback;

/// <summary>One event of a profile's history, with the id that pages the history.</summary>
/// <param name="Id">The event's id: increasing in the order events were stored, so <c>before=Id</c> fetches older ones.</param>
/// <param name="Event">The like, skip or dislike.</param>
public sealed record FeedbackHistoryEntry(long Id, FeedbackEvent Event);
