using EmoTune.Core.Faces;

namespace EmoTune.Vision.Detection;

/// <summary>A face a detector found: its box and, where the detector gives them, its five landmarks.</summary>
/// <param name="Box">The face's box in frame pixels.</param>
/// <param name="Landmarks">Eyes, nose and mouth corners in frame pixels; null for detectors without landmarks (the cascades).</param>
public sealed record DetectedFace(FaceBox Box, FaceLandmarks? Landmarks = null)
{
    /// <summary>This face moved by (<paramref name="dx"/>, <paramref name="dy"/>): from a window's pixels to the frame's.</summary>
    public DetectedFace Offset(int dx, int dy) => new(
        Box with { X = Box.X + dx, Y = Box.Y + dy },
        Landmarks?.Map(p => new FacePoint(p.X + dx, p.Y + dy)));
}
