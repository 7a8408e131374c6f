namespace EmoTune.Web.Metrics;

/// <summary>The <c>source</c> label values of EmoTune's metrics: where a frame came from.</summary>
public static class FrameSources
{
    /// <summary>A frame the page sent over <c>/ws/frames</c>.</summary>
    public const string WebSocket = "websocket";

    /// <summary>An image posted to <c>/api/v1/emotions</c>.</summary>
    public const string Api = "api";

    /// <summary>A frame from a camera the server reads itself.</summary>
    public const string Camera = "camera";

    /// <summary>Faces a page found and classified itself (on-device mode), sent as results over <c>/ws/frames</c>.</summary>
    public const string OnDevice = "ondevice";

}
