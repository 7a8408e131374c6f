using EmoTune.Web.Apis;

namespace EmoTune.Web.Streaming;

/// <summary>One annotated camera frame as published: its number, its JPEG (in memory only) and its results.</summary>
internal sealed record CameraFrame(long Sequence, byte[] Jpeg, FrameResult Result);
