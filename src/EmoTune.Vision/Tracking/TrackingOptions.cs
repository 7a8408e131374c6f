using System.ComponentModel.DataAnnotations;

namespace EmoTune.Vision.Tracking;

/// <summary>How faces are followed from frame to frame and how their emotions are smoothed.</summary>
public sealed record TrackingOptions
{
    /// <summary>Smallest IoU at which a detection continues an existing track.</summary>
    [Range(0.01, 1.0)]
    public double IouThreshold { get; init; } = 0.3;

    /// <summary>
    /// Weight of the newest frame in the exponential moving average of a track's probabilities: 1 follows every frame,
    /// small values follow slowly. At 10 frames a second, 0.3 forgets a frame's influence by half in about 2 frames.
    /// </summary>
    [Range(0.01, 1.0)]
    public double SmoothingAlpha { get; init; } = 0.3;

    /// <summary>A track not seen for longer than this is dropped; a face that returns later gets a new id.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a new emotion must stay on top before the stable mood changes to it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MoodHold { get; init; } = TimeSpan.FromSeconds(2);
}
