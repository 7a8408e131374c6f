using EmoTune.Core.Emotions;
using EmoTune.Core.Faces;

namespace EmoTune.Vision.Inference;

/// <summary>One face found in a frame and what the model made of it.</summary>
/// <param name="Box">Where the face is, in frame pixels.</param>
/// <param name="Scores">The emotion probabilities.</param>
public sealed record FaceResult(FaceBox Box, EmotionScores Scores);
