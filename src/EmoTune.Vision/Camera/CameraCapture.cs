using OpenCvSharp;

namespace EmoTune.Vision.Camera;

/// <summary>
/// An open OpenCV <see cref="VideoCapture"/> on a <see cref="CameraSource"/>: reads frames, and loops a video file from
/// its start when it ends. Not thread-safe: one capture thread owns it.
/// </summary>
public sealed class CameraCapture : IDisposable
{
    private const double FallbackFramesPerSecond = 25;
    private VideoCapture _capture;
    private Mat? _first;

    private CameraCapture(CameraSource source, VideoCapture capture, Mat first)
    {
        Source = source;
        _capture = capture;
        _first = first;
        Width = first.Width;
        Height = first.Height;
        var fps = capture.Fps;
        FrameInterval = source.IsFile
            ? TimeSpan.FromSeconds(1 / (fps is > 0.5 and <= 240 ? fps : FallbackFramesPerSecond))
            : null;
    }

    /// <summary>What is being captured.</summary>
    public CameraSource Source { get; }

    /// <summary>Frame width, in pixels, of the first frame.</summary>
    public int Width { get; }

    /// <summary>Frame height, in pixels, of the first frame.</summary>
    public int Height { get; }

    /// <summary>For a video file, the time between frames at its own frame rate; null for devices and streams, which pace themselves.</summary>
    public TimeSpan? FrameInterval { get; }

    /// <summary>Opens <paramref name="source"/> and reads its first frame, so a source that opens but gives nothing fails here.</summary>
    /// <exception cref="CameraUnavailableException">It cannot be opened or gives no frame; the message says what to check.</exception>
    public static CameraCapture Open(CameraSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Check() is { } problem)
        {
            throw new CameraUnavailableException($"Cannot open {source}: {problem}");
        }

        VideoCapture? capture = null;
        var first = new Mat();
        try
        {
            capture = source.Device is { } d ? new VideoCapture(d) : new VideoCapture(source.Path ?? source.Url!.OriginalString);
            if (!capture.IsOpened())
            {
                throw new CameraUnavailableException($"Cannot open {source}: {source.Advice()}.");
            }

            if (!capture.Read(first) || first.Empty())
            {
                throw new CameraUnavailableException($"{source} opened but gave no frame: {source.Advice()}.");
            }

            var opened = new CameraCapture(source, capture, first);
            capture = null;
            first = null;
            return opened;
        }
        catch (OpenCVException ex)
        {
            throw new CameraUnavailableException($"Cannot open {source}: {ex.Message}; {source.Advice()}.", ex);
        }
        finally
        {
            capture?.Dispose();
            first?.Dispose();
        }
    }

    /// <summary>
    /// Reads the next frame into <paramref name="frame"/> (reused between calls). A video file starts again when it ends.
    /// False when the source gives no frame (a camera unplugged, a stream gone): reopen it.
    /// </summary>
    public bool Read(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_first is not null)
        {
            _first.CopyTo(frame);
            _first.Dispose();
            _first = null;
            return true;
        }

        if (_capture.Read(frame) && !frame.Empty())
        {
            return true;
        }

        if (!Source.IsFile)
        {
            return false;
        }

        // End of the file: rewind; some backends can't seek, so reopen when rewinding gives nothing.
        if (_capture.Set(VideoCaptureProperties.PosFrames, 0) && _capture.Read(frame) && !frame.Empty())
        {
            return true;
        }

        _capture.Dispose();
        _capture = new VideoCapture(Source.Path!);
        return _capture.IsOpened() && _capture.Read(frame) && !frame.Empty();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _capture.Dispose();
        _first?.Dispose();
        _first = null;
    }
}
