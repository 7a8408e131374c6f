using EmoTune.Core.Emotions;
using EmoTune.Core.Faces;

namespace EmoTune.Web.Apis;

/// <summary>One face in a frame: where, which emotion, how sure, all 7 probabilities (FER2013 order names).</summary>
public sealed record FaceDto(int? TrackId, FaceBox Box, string Emotion, float Confidence, IReadOnlyDictionary<string, float> Probabilities)
{
    public static FaceDto From(int? trackId, FaceBox box, EmotionScores scores) => new(
        trackId,
        box,
        scores.Top.ToName(),
        scores.Confidence,
        EmotionLabels.All.ToDictionary(e => e.ToName(), e => scores[e], StringComparer.Ordinal));
}
