using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmoTune.Testing;
using EmoTune.Vision.Camera;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace EmoTune.Web.Tests;

/// <summary>Server-camera mode, fed from a video file made of FER2013 faces (this machine has no camera).</summary>
public sealed class CameraStreamTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = TempFolder.Create();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Stream_VideoFile_ServesJpegPartsOfTheFrameSize()
    {
        using var run = StartWithFaceVideo();
        var (client, ct) = (run.Client, run.Timeout.Token);

        var (response, reader) = await WatchAsync(client, ct);
        using var watching = response;
        var parts = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            parts.Add(await reader.ReadPartAsync("emotune-frame", ct));
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("multipart/x-mixed-replace; boundary=emotune-frame", response.Content.Headers.ContentType?.ToString());
        foreach (var jpeg in parts)
        {
            Assert.Equal([0xFF, 0xD8], jpeg[..2]);
            using var image = Cv2.ImDecode(jpeg, ImreadModes.Color);
            Assert.False(image.Empty(), "a part is not a decodable JPEG");
            Assert.Equal((TestVideos.Width, TestVideos.Height), (image.Width, image.Height));
        }
    }

    [Fact]
    public async Task Stream_IsAnnotated_FaceBoxDrawnInYellow()
    {
        using var run = StartWithFaceVideo();
        var (client, ct) = (run.Client, run.Timeout.Token);

        // Wait until the results say a face was found; from then on the streamed frames carry its box.
        await FirstFaceAsync(client, ct);
        var (response, reader) = await WatchAsync(client, ct);
        using var watching = response;

        // The source is grey; the drawn box (BGR 0,215,255) is the only strongly coloured thing in the frame. The frame
        // streamed is not the one whose results were read, and between full detections the box comes from a window
        // around the face, so look for it around where the face was pasted, over a few frames.
        var placed = TestVideos.FaceBox;
        var around = new Rect(placed.X - (placed.Width / 2), placed.Y - (placed.Height / 2), placed.Width * 2, placed.Height * 2)
            .Intersect(new Rect(0, 0, TestVideos.Width, TestVideos.Height));
        var seen = new List<string>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var image = Cv2.ImDecode(await reader.ReadPartAsync("emotune-frame", ct), ImreadModes.Color);
            var background = image.At<Vec3b>(TestVideos.Height - 20, TestVideos.Width - 20);
            Assert.True(Math.Abs(background.Item2 - background.Item0) < 40, "the background should stay grey");
            using var mask = new Mat();
            Cv2.InRange(image, new Scalar(0, 130, 160), new Scalar(90, 255, 255), mask);
            var all = Cv2.CountNonZero(mask);
            using var near = new Mat(mask, around);
            var yellow = Cv2.CountNonZero(near);
            var outside = all - yellow;

            // A box edge around a 150 px face is hundreds of pixels long; the label text may sit just outside the area.
            if (yellow >= placed.Width)
            {
                Assert.True(outside < yellow, $"more yellow away from the face ({outside} px) than around it ({yellow} px)");
                return;
            }

            seen.Add($"{yellow} yellow px around the face");
        }

        Assert.Fail($"no yellow face box in 10 streamed frames: {string.Join("; ", seen)}");
    }

    [Fact]
    public async Task Results_VideoFile_ReportTheFaceNearWhereItWasPasted()
    {
        using var run = StartWithFaceVideo();
        var (client, ct) = (run.Client, run.Timeout.Token);

        var face = await FirstFaceAsync(client, ct);
        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/camera", ct);

        var box = face.GetProperty("box");
        var placed = TestVideos.FaceBox;
        var (cx, cy) = (box.GetProperty("x").GetInt32() + (box.GetProperty("width").GetInt32() / 2.0), box.GetProperty("y").GetInt32() + (box.GetProperty("height").GetInt32() / 2.0));
        Assert.InRange(cx, placed.X + (placed.Width * 0.25), placed.X + (placed.Width * 0.75));
        Assert.InRange(cy, placed.Y + (placed.Height * 0.25), placed.Y + (placed.Height * 0.75));
        Assert.InRange(box.GetProperty("width").GetInt32(), placed.Width / 2, placed.Width * 8 / 5);
        Assert.Equal(7, face.GetProperty("probabilities").EnumerateObject().Count());
        Assert.InRange(face.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetDouble()), 0.99, 1.01);
        Assert.True(face.GetProperty("trackId").GetInt32() >= 1);
        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.Equal("running", status.GetProperty("state").GetString());
        Assert.Contains("faces.avi", status.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.True(status.GetProperty("frames").GetInt64() >= 1);
    }

    [Fact]
    public async Task Metrics_CameraMode_CountsCameraFramesAndFaces()
    {
        using var run = StartWithFaceVideo();
        var (client, ct) = (run.Client, run.Timeout.Token);

        await FirstFaceAsync(client, ct);
        var scrape = PrometheusText.Parse(await client.GetStringAsync("/metrics", ct));

        Assert.True(scrape.Value("emotune_frames_processed_total", ("source", "camera")) >= 1);
        Assert.True(scrape.Value("emotune_faces_found_total", ("source", "camera")) >= 1);
        Assert.Equal(0, scrape.Value("emotune_frames_processed_total", ("source", "websocket")));
    }

    [Fact]
    public async Task Stream_ViewerThatNeverReads_DoesNotHoldCaptureUp()
    {
        using var run = StartWithFaceVideo();
        var (client, ct) = (run.Client, run.Timeout.Token);
        var (stuck, _) = await WatchAsync(client, ct);
        using var stuckResponse = stuck;

        var before = await FramesAsync(client, ct);
        long after;
        do
        {
            await Task.Delay(200, ct);
            after = await FramesAsync(client, ct);
        }
        while (after < before + 15);

        var (second, reader) = await WatchAsync(client, ct);
        using var secondResponse = second;
        var part = await reader.ReadPartAsync("emotune-frame", ct);
        Assert.True(part.Length > 1000);
        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/camera", ct);
        Assert.True(status.GetProperty("viewers").GetInt32() >= 2, "both viewers should be counted");
    }

    [Fact]
    public async Task CameraOff_StreamsAnswer404ProblemDetails_StatusSaysOff()
    {
        using var app = new CameraAppFactory(null, _folder);
        using var client = app.CreateClient();

        using var stream = await client.GetAsync("/stream.mjpg", TestContext.Current.CancellationToken);
        using var results = await client.GetAsync("/api/v1/camera/results", TestContext.Current.CancellationToken);
        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/camera", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, stream.StatusCode);
        Assert.Equal("application/problem+json", stream.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Camera mode is off", await stream.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, results.StatusCode);
        Assert.False(status.GetProperty("enabled").GetBoolean());
        Assert.Equal("off", status.GetProperty("state").GetString());
    }

    [Fact]
    public async Task OpenApi_DescribesTheCameraEndpoints()
    {
        using var app = new CameraAppFactory(null, _folder);
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/stream.mjpg", out _), "the MJPEG stream is missing from the OpenAPI document");
        Assert.True(paths.TryGetProperty("/api/v1/camera/results", out _), "the results channel is missing from the OpenAPI document");
        Assert.True(paths.TryGetProperty("/api/v1/camera", out _) || paths.TryGetProperty("/api/v1/camera/", out _), "the camera status is missing");
    }

    [Fact]
    public void Startup_MissingVideoFile_FailsNamingTheFile()
    {
        var missing = _folder.Combine("no-such-video.avi");
        using var app = new CameraAppFactory(missing, _folder);

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains($"Camera:Source: the video file {missing} does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_FileThatIsNoVideo_FailsSayingWhatToCheck()
    {
        var notVideo = _folder.Combine("notes.avi");
        await File.WriteAllTextAsync(notVideo, "these are not frames", TestContext.Current.CancellationToken);
        using var app = new CameraAppFactory(notVideo, _folder);

        var error = Assert.Throws<CameraUnavailableException>(() => app.CreateClient());

        Assert.Contains(notVideo, error.Message, StringComparison.Ordinal);
        Assert.Contains("MJPG .avi", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_AppStops_ViewerStreamEnds()
    {
        var app = new CameraAppFactory(TestVideos.WriteFaceVideo(_folder.Path), _folder);
        using var client = app.CreateClient();
        using var timeout = Timeout();
        var ct = timeout.Token;
        using var response = await client.GetAsync("/stream.mjpg", HttpCompletionOption.ResponseHeadersRead, ct);
        var body = await response.Content.ReadAsStreamAsync(ct);
        await new MultipartReader(body).ReadPartAsync("emotune-frame", ct);

        var stopping = app.DisposeAsync().AsTask();
        var drained = Drain(body, ct);

        await stopping.WaitAsync(ct);
        await drained.WaitAsync(ct);
        Assert.True(drained.IsCompleted);
    }

    private Running StartWithFaceVideo()
    {
        var app = new CameraAppFactory(TestVideos.WriteFaceVideo(_folder.Path), _folder);
        return new Running(app, app.CreateClient(), Timeout());
    }

    private static async Task<(HttpResponseMessage Response, MultipartReader Reader)> WatchAsync(HttpClient client, CancellationToken ct)
    {
        var response = await client.GetAsync("/stream.mjpg", HttpCompletionOption.ResponseHeadersRead, ct);
        return (response, new MultipartReader(await response.Content.ReadAsStreamAsync(ct)));
    }

    private static async Task Drain(Stream body, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await body.ReadAsync(buffer, ct) > 0)
            {
            }
        }
        catch (IOException)
        {
            // an aborted response also ends the stream
        }
    }

    private static CancellationTokenSource Timeout()
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(Patience);
        return cts;
    }

    private static async Task<long> FramesAsync(HttpClient client, CancellationToken ct) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/camera", ct)).GetProperty("frames").GetInt64();

    /// <summary>Follows the results channel until a frame has a face; returns that face.</summary>
    private static async Task<JsonElement> FirstFaceAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync("/api/v1/camera/results", HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(ct), Encoding.UTF8);
        string? eventName = null;
        while (await lines.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.Equal("frame", eventName);
                var frame = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                Assert.Equal(TestVideos.Width, frame.GetProperty("width").GetInt32());
                if (frame.GetProperty("faces").GetArrayLength() > 0)
                {
                    return frame.GetProperty("faces")[0].Clone();
                }
            }
        }

        throw new InvalidOperationException("The results channel ended without a face.");
    }

    /// <summary>A camera app fed from the face video, a client and the test's patience.</summary>
    private sealed record Running(CameraAppFactory App, HttpClient Client, CancellationTokenSource Timeout) : IDisposable
    {
        public void Dispose()
        {
            Client.Dispose();
            App.Dispose();
            Timeout.Dispose();
        }
    }

    /// <summary>Reads <c>multipart/x-mixed-replace</c> parts: boundary line, headers, Content-Length bytes.</summary>
    private sealed class MultipartReader(Stream stream)
    {
        public async Task<byte[]> ReadPartAsync(string boundary, CancellationToken ct)
        {
            var line = await ReadLineAsync(ct);
            while (line.Length == 0)
            {
                line = await ReadLineAsync(ct);
            }

            Assert.Equal("--" + boundary, line);
            var length = -1;
            while ((line = await ReadLineAsync(ct)).Length > 0)
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                }
                else
                {
                    Assert.Equal("Content-Type: image/jpeg", line);
                }
            }

            Assert.True(length > 0, "a part without Content-Length");
            var data = new byte[length];
            await stream.ReadExactlyAsync(data, ct);
            return data;
        }

        private async Task<string> ReadLineAsync(CancellationToken ct)
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                await stream.ReadExactlyAsync(one, ct);
                if (one[0] == '\n')
                {
                    return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
                }

                bytes.Add(one[0]);
            }
        }
    }
}
