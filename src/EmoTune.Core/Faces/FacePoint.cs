namespace EmoTune.Core.Faces;

/// <summary>A point in frame pixels (sub-pixel).</summary>
/// <param name="X">Horizontal position.</param>
/// <param name="Y">Vertical position, downwards.</param>
public readonly record struct FacePoint(double X, double Y);
