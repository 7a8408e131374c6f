namespace EmoTune.Web.Streaming;

/// <summary>Where the server camera is.</summary>
public enum CameraState
{
    /// <summary>Camera mode is off (no <c>Camera:Source</c>).</summary>
    Off,

    /// <summary>Opening the source.</summary>
    Starting,

    /// <summary>Capturing and publishing frames.</summary>
    Running,

    /// <summary>The source stopped giving frames; reopening it with backoff.</summary>
    Retrying,

    /// <summary>The app is stopping.</summary>
    Stopped,
}
