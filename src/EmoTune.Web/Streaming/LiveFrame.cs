using System.Diagnostics;
using EmoTune.Core.Emotions;
using EmoTune.Vision.Inference;
using EmoTune.Vision.Tracking;
using EmoTune.Web.Apis;
using OpenCvSharp;

namespace EmoTune.Web.Streaming;

/// <summary>
/// One live frame through the pipeline, the tracker and the stable mood, as the <see cref="FrameResult"/> both live paths
/// send: the page's WebSocket frames (<c>/ws/frames</c>) and the server camera's results channel.
/// </summary>
internal static class LiveFrame
{
    /// <param name="frame">The decoded frame.</param>
    /// <param name="pipeline">Detection and classification.</param>
    /// <param name="follower">This stream's face follower (full detections now and then, windows around known faces between).</param>
    /// <param name="tracker">This stream's tracker.</param>
    /// <param name="mood">This stream's stable mood; follows the largest face.</param>
    /// <param name="at">The frame's time on the stream's monotonic clock.</param>
    /// <param name="started">When work on the frame began (<see cref="Stopwatch.GetTimestamp"/>), for <see cref="FrameResult.ElapsedMs"/>.</param>
    public static FrameResult Analyse(Mat frame, EmotionPipeline pipeline, FaceFollower follower, FaceTracker tracker, StableMood mood, TimeSpan at, long started) =>
        Track(frame.Width, frame.Height, pipeline.Process(frame, follower), tracker, mood, at, started);

    /// <summary>
    /// One frame's faces, found and classified elsewhere (a page in on-device mode), through the tracker and the stable
    /// mood exactly as <see cref="Analyse"/> sends a frame's.
    /// </summary>
    public static FrameResult Track(int width, int height, IReadOnlyList<FaceResult> faces, FaceTracker tracker, StableMood mood, TimeSpan at, long started)
    {
        var tracked = tracker.Update(faces, at);
        var main = tracked.Count == 0 ? null : tracked.MaxBy(t => t.Box.Area);
        mood.Update(main?.Scores.Top, at);
        return new FrameResult(
            width,
            height,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            tracked.Select(t => FaceDto.From(t.TrackId, t.Box, t.Scores)).ToList(),
            mood.Current is { } m ? m.ToName() : null);
    }
}
