using EmoTune.Music.Catalog;

namespace EmoTune.Music.Recommendation;

/// <summary>One recommended track with why it was chosen.</summary>
/// <param name="Track">The track.</param>
/// <param name="Score">Ranking score: fit plus the personal preference term.</param>
/// <param name="Fit">Fit to the strategy's target region, 0–1.</param>
/// <param name="Reason">A short human reason, e.g. "matches your calm mood: low energy, mid valence".</param>
public sealed record RecommendedTrack(Track Track, double Score, double Fit, string Reason);
