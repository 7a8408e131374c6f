namespace EmoTune.Web.Metrics;

/// <summary>The <c>reason</c> label values of <c>emotune_frame_errors_total</c>: why a frame or request was refused.</summary>
public static class FrameErrorReasons
{
    /// <summary>Not a decodable JPEG/PNG, or a header declaring too many pixels.</summary>
    public const string BadImage = "bad_image";

    /// <summary>A multipart form without a file.</summary>
    public const string MissingImage = "missing_image";

    /// <summary>A body or WebSocket message over its byte limit.</summary>
    public const string TooLarge = "too_large";

    /// <summary>A request whose content type is neither an image nor a form.</summary>
    public const string UnsupportedType = "unsupported_type";

    /// <summary>A WebSocket message that is not a binary frame (text, for example), or a form that cannot be read.</summary>
    public const string MalformedMessage = "malformed_message";

    /// <summary>A frame over the per-connection frame rate, or a request over the per-client request rate.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>A WebSocket refused because its client already holds the maximum number of connections.</summary>
    public const string TooManyConnections = "too_many_connections";

    /// <summary>An on-device results message (a text message on <c>/ws/frames</c>) that is not valid: shape, ranges, sum.</summary>
    public const string BadResults = "bad_results";

    /// <summary>The reasons shown (at zero) from the start.</summary>
    public static readonly IReadOnlyList<string> Known = [BadImage, MissingImage, TooLarge, UnsupportedType, MalformedMessage, RateLimited, TooManyConnections, BadResults];
}
