using EmoTune.Core.Emotions;

namespace EmoTune.Music.Recommendation;

/// <summary>What to recommend for whom.</summary>
/// <param name="ProfileId">The listener's profile.</param>
/// <param name="Emotion">The listener's current emotion.</param>
/// <param name="Strategy">Match, lift or calm.</param>
public sealed record RecommendationRequest(string ProfileId, Emotion Emotion, MoodStrategy Strategy)
{
    /// <summary>Lift step: 0 for the first list in a lift session, then 1, 2, … for each following list.</summary>
    public int Step { get; init; }

    /// <summary>Track ids played recently, most recent first; the first <c>RecentWindow</c> are not recommended again.</summary>
    public IReadOnlyList<string> RecentTrackIds { get; init; } = [];

    /// <summary>Names of the sources to draw from (<c>catalog</c>, <c>local</c>, …); null or empty for every source.</summary>
    public IReadOnlySet<string>? Sources { get; init; }

    /// <summary>List length; <see cref="RecommenderOptions.ListSize"/> when null.</summary>
    public int? Count { get; init; }

    /// <summary>
    /// Which draw of the list: the same request (and the same feedback) gives the same list; another number asks for
    /// another list (the page's "New suggestions").
    /// </summary>
    public int Refresh { get; init; }
}
