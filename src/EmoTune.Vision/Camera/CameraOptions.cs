using System.ComponentModel.DataAnnotations;

namespace EmoTune.Vision.Camera;

/// <summary>
/// The <c>Camera</c> configuration section: server-camera mode (<c>emotune serve --camera N</c>). Off unless
/// <see cref="Source"/> is set; validated when the app starts, so a missing video file stops it at once, naming it.
/// </summary>
public sealed class CameraOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Camera";

    /// <summary>
    /// What to capture: a device index (<c>0</c> is <c>/dev/video0</c>), a video file (played in a loop at its own frame
    /// rate) or a stream URL (<c>rtsp://…</c>, <c>http://…</c>). Empty: camera mode is off.
    /// </summary>
    public string? Source { get; init; }

    /// <summary>JPEG quality of the annotated MJPEG stream, 10–100.</summary>
    [Range(10, 100)]
    public int JpegQuality { get; init; } = 80;

    /// <summary>First wait before reopening a camera that stopped delivering frames; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts to reopen the camera.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>True when a source is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Source);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (MaxRetryDelay < RetryDelay)
        {
            yield return new ValidationResult(
                $"Camera:MaxRetryDelay ({MaxRetryDelay}) is shorter than Camera:RetryDelay ({RetryDelay}).", [nameof(MaxRetryDelay)]);
        }

        string? problem = null;
        try
        {
            problem = CameraSource.Parse(Source!).Check();
        }
        catch (ArgumentException ex)
        {
            problem = ex.Message;
        }

        if (problem is not null)
        {
            yield return new ValidationResult($"Camera:Source: {problem}", [nameof(Source)]);
        }
    }
}
