namespace EmoTune.Vision.Camera;

/// <summary>A camera, video file or stream could not be opened or stopped giving frames; the message names it and what to check.</summary>
public sealed class CameraUnavailableException : IOException
{
    /// <summary>An error naming the source and what to check.</summary>
    public CameraUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>An error naming the source and what to check, caused by <paramref name="inner"/>.</summary>
    public CameraUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
