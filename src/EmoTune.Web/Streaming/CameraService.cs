using System.Diagnostics;
using EmoTune.Vision.Annotation;
using EmoTune.Vision.Camera;
using EmoTune.Vision.Inference;
using EmoTune.Vision.Tracking;
using EmoTune.Web.Metrics;
using Microsoft.Extensions.Options;
using OpenCvSharp;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace EmoTune.Web.Streaming;

/// <summary>
/// Server-camera mode: owns the <see cref="VideoCapture"/> on its own thread, runs every frame through the same pipeline,
/// tracker and stable mood as <c>/ws/frames</c>, draws the faces, JPEG-encodes the frame in memory and publishes it to
/// the <see cref="CameraFeed"/>. The source is opened at start-up, so a camera that isn't there stops the app with a
/// message saying what to check; a camera lost later is logged once and reopened with backoff, and never stops the app.
/// </summary>
internal sealed partial class CameraService(
    IOptions<CameraOptions> options,
    CameraFeed feed,
    EmotionPipeline pipeline,
    FaceFollower follower,
    FaceTracker tracker,
    StableMood mood,
    PipelineMetrics metrics,
    ILogger<CameraService> logger) : BackgroundService
{
    private readonly CameraOptions _options = options.Value;
    private CameraCapture? _capture;
    private CameraSource? _source;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _source = CameraSource.Parse(_options.Source!);
        feed.Starting(_source.ToString());
        _capture = _source.Open();
        LogOpened(logger, _source.ToString(), _capture.Width, _capture.Height, _capture.FrameInterval is { } i ? 1 / i.TotalSeconds : 0);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Capture(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        feed.Stopped();
    }

    public override void Dispose()
    {
        // The capture thread closes the camera when it ends; close it here only if that thread never ran or has ended.
        if (ExecuteTask is null || ExecuteTask.IsCompleted)
        {
            _capture?.Dispose();
            _capture = null;
        }

        base.Dispose();
    }

    private void Capture(CancellationToken ct)
    {
        Thread.CurrentThread.Name = "EmoTune camera";
        var source = _source!;
        var clock = Stopwatch.StartNew();
        var delay = _options.RetryDelay;
        var failing = false;
        var dropping = false;
        var nextFrameAt = TimeSpan.Zero;
        using var frame = new Mat();
        while (!ct.IsCancellationRequested)
        {
            if (_capture is null)
            {
                try
                {
                    _capture = source.Open();
                    LogRecovered(logger, source.ToString());
                    failing = false;
                    delay = _options.RetryDelay;
                    nextFrameAt = clock.Elapsed;
                }
                catch (Exception ex)
                {
                    // Never let a capture error stop the app (BackgroundService's default would): wait and retry.
                    feed.Failed(ex.Message);
                    LogRetryFailed(logger, source.ToString(), ex.Message);
                    ct.WaitHandle.WaitOne(delay);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
                    continue;
                }
            }

            string? error;
            try
            {
                error = _capture.Read(frame) ? null : $"{source} stopped giving frames (unplugged or in use?)";
            }
            catch (Exception ex)
            {
                error = $"{source}: {ex.Message}";
            }

            if (error is not null)
            {
                if (!failing)
                {
                    LogLost(logger, error, delay.TotalSeconds, _options.MaxRetryDelay.TotalSeconds);
                    failing = true;
                }

                feed.Failed(error);
                _capture.Dispose();
                _capture = null;
                continue;
            }

            try
            {
                Publish(frame, clock.Elapsed);
                dropping = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A frame the pipeline chokes on is dropped and the next one tried; logged once per run of failures.
                if (!dropping)
                {
                    LogFrameFailed(logger, ex.GetType().Name, ex.Message);
                    dropping = true;
                }
            }

            if (_capture.FrameInterval is { } interval)
            {
                // A file plays at its own rate; when processing is slower than that, frames follow one another at once.
                nextFrameAt = TimeSpan.FromTicks(Math.Max(nextFrameAt.Ticks + interval.Ticks, clock.Elapsed.Ticks - interval.Ticks));
                var wait = nextFrameAt - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    ct.WaitHandle.WaitOne(wait);
                }
            }
        }

        _capture?.Dispose();
        _capture = null;
        feed.Stopped();
    }

    private void Publish(Mat frame, TimeSpan at)
    {
        var started = Stopwatch.GetTimestamp();
        var result = LiveFrame.Analyse(frame, pipeline, follower, tracker, mood, at, started);
        metrics.RecordFrame(FrameSources.Camera, result.Faces.Count, result.ElapsedMs / 1000);
        FaceAnnotator.Draw(frame, result.Faces.Select(f => (f.Box, FaceAnnotator.Label(f.Emotion, f.Confidence, f.TrackId))));
        Cv2.ImEncode(".jpg", frame, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, _options.JpegQuality));
        feed.Publish(jpeg, result);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera mode: capturing {Source}, {Width}x{Height} (file rate {FramesPerSecond:F1} fps; 0 = the device's own)")]
    private static partial void LogOpened(ILogger logger, string source, int width, int height, double framesPerSecond);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera lost: {Error}; reopening it every {DelaySeconds:F1} s, backing off to {MaxDelaySeconds:F0} s")]
    private static partial void LogLost(ILogger logger, string error, double delaySeconds, double maxDelaySeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Camera {Source} still unavailable: {Error}")]
    private static partial void LogRetryFailed(ILogger logger, string source, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {Source} is back")]
    private static partial void LogRecovered(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera frames are being dropped: {Kind}: {Reason}")]
    private static partial void LogFrameFailed(ILogger logger, string kind, string reason);
}
