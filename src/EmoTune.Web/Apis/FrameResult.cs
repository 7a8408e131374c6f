namespace EmoTune.Web.Apis;

/// <summary>The faces of one frame; <paramref name="Mood"/> is the stable mood of a stream (null for single images).</summary>
public sealed record FrameResult(int Width, int Height, double ElapsedMs, IReadOnlyList<FaceDto> Faces, string? Mood);
