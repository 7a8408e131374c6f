using System.Globalization;
using OpenCvSharp;

namespace EmoTune.Vision.Camera;

/// <summary>
/// Where frames come from: a camera device by index, a video file, or a stream URL. Parsed from
/// <see cref="CameraOptions.Source"/>; <see cref="ToString"/> describes it for messages and logs without any password
/// a URL may carry.
/// </summary>
public sealed record CameraSource
{
    private CameraSource(int? device, string? path, Uri? url)
    {
        Device = device;
        Path = path;
        Url = url;
    }

    /// <summary>The device index (<c>/dev/video{N}</c> on Linux), or null.</summary>
    public int? Device { get; }

    /// <summary>The video file, or null.</summary>
    public string? Path { get; }

    /// <summary>The stream URL, or null.</summary>
    public Uri? Url { get; }

    /// <summary>True for a video file, which loops at its own frame rate; devices and streams set their own pace.</summary>
    public bool IsFile => Path is not null;

    /// <summary>Reads a source: digits are a device index, <c>scheme://…</c> a URL, anything else a file path.</summary>
    /// <exception cref="ArgumentException">Empty, or a device index out of range.</exception>
    public static CameraSource Parse(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new ArgumentException("The camera source is empty: give a device index (0), a video file or a stream URL.", nameof(source));
        }

        var text = source.Trim();
        if (text.All(char.IsAsciiDigit))
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < 1000
                ? new CameraSource(index, null, null)
                : throw new ArgumentException($"The camera device index {text} is out of range (0–999).", nameof(source));
        }

        if (text.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(text, UriKind.Absolute, out var url) && !url.IsFile)
        {
            return new CameraSource(null, null, url);
        }

        return new CameraSource(null, System.IO.Path.GetFullPath(text), null);
    }

    /// <summary>What can be checked without opening the source (a video file exists); null when nothing is wrong.</summary>
    public string? Check() => Path is not null && !File.Exists(Path)
        ? $"the video file {Path} does not exist (give a device index such as 0, an existing video file or a stream URL)."
        : null;

    /// <summary>Opens the source and reads its first frame.</summary>
    /// <exception cref="CameraUnavailableException">It cannot be opened or gives no frame; the message says what to check.</exception>
    public CameraCapture Open() => CameraCapture.Open(this);

    /// <summary>What to check when this source cannot be opened.</summary>
    public string Advice() => Device is { } d
        ? $"check that a camera is connected (ls -l /dev/video*), that /dev/video{d} exists and this user may read it (member of the 'video' group), and that no other program is using it"
        : Path is not null
            ? "check that the file is a video OpenCV can read (an MJPG .avi always works; other codecs need OpenCV's FFmpeg backend)"
            : "check the address, that the server is reachable from here and that it serves a video stream";

    /// <inheritdoc />
    public override string ToString() => Device is { } d
        ? string.Create(CultureInfo.InvariantCulture, $"camera {d} (/dev/video{d})")
        : Path is not null
            ? $"video file {Path}"
            : $"stream {Redacted(Url!)}";

    private static string Redacted(Uri url) => string.IsNullOrEmpty(url.UserInfo)
        ? url.GetLeftPart(UriPartial.Path)
        : new UriBuilder(url) { UserName = "***", Password = "", Query = "" }.Uri.GetLeftPart(UriPartial.Path);
}
