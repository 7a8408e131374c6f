using EmoTune.Core.Emotions;
using EmoTune.Core.Faces;

namespace EmoTune.Vision.Tracking;

/// <summary>A face followed across frames.</summary>
/// <param name="TrackId">Stable id while the face stays in view (ids are never reused by a tracker).</param>
/// <param name="Box">Where the face is in the latest frame.</param>
/// <param name="Scores">The track's smoothed probabilities.</param>
/// <param name="Latest">This frame's own probabilities, unsmoothed.</param>
public sealed record TrackedFace(int TrackId, FaceBox Box, EmotionScores Scores, EmotionScores Latest);
