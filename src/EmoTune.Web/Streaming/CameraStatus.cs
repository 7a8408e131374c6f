namespace EmoTune.Web.Streaming;

/// <summary><c>GET /api/v1/camera</c>: whether the server camera is on, what it captures and how it is doing.</summary>
/// <param name="Enabled">Camera mode is on (the page then shows <paramref name="StreamUrl"/> and follows <paramref name="ResultsUrl"/>).</param>
/// <param name="State">off, starting, running, retrying or stopped.</param>
/// <param name="Source">What is captured (passwords in URLs removed); null when off.</param>
/// <param name="Width">Frame width of the latest frame, 0 before the first.</param>
/// <param name="Height">Frame height of the latest frame, 0 before the first.</param>
/// <param name="Frames">Frames published since start.</param>
/// <param name="FramesPerSecond">Frames published over the last seconds.</param>
/// <param name="Viewers">Clients watching the MJPEG stream or the results channel now.</param>
/// <param name="LastError">The latest capture error, if any (kept after recovery, with its time).</param>
/// <param name="LastErrorAt">When <paramref name="LastError"/> happened (UTC).</param>
/// <param name="StreamUrl">The annotated MJPEG stream; null when off.</param>
/// <param name="ResultsUrl">The results channel (server-sent events of the frames path's JSON); null when off.</param>
public sealed record CameraStatus(
    bool Enabled,
    string State,
    string? Source,
    int Width,
    int Height,
    long Frames,
    double FramesPerSecond,
    int Viewers,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    string? StreamUrl,
    string? ResultsUrl);
