using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EmoTune.Cli.Commands;
using EmoTune.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using OpenCvSharp;

namespace EmoTune.Cli.Benchmarks;

/// <summary>
/// <c>emotune bench browser</c>: the web app on 127.0.0.1 and Debian's Chromium (headless, driven by Playwright, never a
/// downloaded browser) whose fake camera plays a 640×480 video of 1 or 3 FER2013 test faces. For each: the first load
/// (a fresh browser profile: bytes the page fetched and the time from "Start camera" until the first frame was analysed
/// on the device), then the page's own on-device pipeline (ondevice/pipeline.js) run on the camera's frames back to back
/// for a while: ms per stage and frames per second, and the classifier's ms per face.
/// </summary>
/// <remarks>
/// Back to back, not at the camera's pace: frames per second is what the page could do, not the camera's 15 or 30.
/// The page's own loop waits for each new camera frame, so it runs at the smaller of the two.
/// </remarks>
internal static class BrowserBench
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> RunAsync(string modelPath, string facesFolder, int[] faceCounts, double seconds, int threads, bool? mirror, string? jsonPath, CancellationToken ct)
    {
        if (!File.Exists(Chromium))
        {
            throw new FileNotFoundException($"{Chromium} is missing: run scripts/bootstrap.sh (Debian package chromium).");
        }

        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"--model: no such file: {modelPath}");
        }

        if (faceCounts.Length == 0 || faceCounts.Any(n => n is < 1 or > 3))
        {
            throw new ArgumentException($"--faces must list counts from 1 to 3, got '{string.Join(' ', faceCounts)}'.");
        }

        if (seconds <= 0)
        {
            throw new ArgumentException($"--seconds must be positive, got {seconds}.");
        }

        if (threads is < 0 or > 16)
        {
            throw new ArgumentException($"--threads must be 0 (as many as the cores, at most 4) to 16, got {threads}.");
        }

        var temp = Directory.CreateTempSubdirectory("emotune-browser-bench-");
        string[] settings =
        [
            "--urls=http://127.0.0.1:0", $"--Music:DatabasePath={Path.Combine(temp.FullName, "bench.db")}", "--Logging:LogLevel:Default=Warning",
            $"--Vision:ModelPath={Path.GetFullPath(modelPath)}",
            $"--Web:OnDeviceThreads={threads.ToString(CultureInfo.InvariantCulture)}",
            .. mirror is { } m ? [$"--Web:OnDeviceMirrorAverage={(m ? "true" : "false")}"] : Array.Empty<string>(),
        ];
        var app = EmoTuneWebApp.Create(settings);
        try
        {
            await app.StartAsync(ct);
            var address = app.Urls.First();
            var cpu = CpuModel();
            Console.WriteLine($"model {modelPath}; web app on {address}; Chromium {Chromium}, headless; CPU {cpu}, {Environment.ProcessorCount} cores; {DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture)}");
            using var playwright = await Playwright.CreateAsync();
            var results = new List<BrowserBenchResult>();
            foreach (var n in faceCounts)
            {
                var video = Path.Combine(temp.FullName, $"faces{n}.y4m");
                WriteVideo(facesFolder, n, video);
                var result = await MeasureAsync(playwright, address, video, n, seconds, ct);
                results.Add(result);
            }

            Console.WriteLine($"{"faces",6} {"threads",8} {"mirror",7} {"first load KB",14} {"ready ms",9} {"frames",7} {"frames/s",9} {"capture",8} {"detect",7} {"align",6} {"classify",9} {"total",6} {"classify/face",14} {"faces seen",11} {"full/frame",11} {"turned/frame",13} {"images/face",12}");
            foreach (var r in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Faces,6} {r.Threads,8} {(r.Mirror ? "yes" : "no"),7} {r.FirstLoadBytes / 1024.0,14:F0} {r.FirstLoadMs,9:F0} {r.Frames,7} {r.FramesPerSecond,9:F1} {r.CaptureMs,8:F2} {r.DetectMs,7:F2} {r.AlignMs,6:F2} {r.ClassifyMs,9:F2} {r.TotalMs,6:F2} {r.ClassifyMsPerFace,14:F2} {r.FacesPerFrame,11:F2} {r.FullDetectionsPerFrame,11:F3} {r.TurnedPassesPerFrame,13:F3} {r.ImagesPerFace,12:F3}"));
            }

            Console.WriteLine("ms are means per frame over the measured frames; classify/face is the classifier's time (one run for the frame's faces) divided by the faces found; images/face: the images that run classified per face (with mirror yes, a face followed from the frame before is classified in one view, the one it was not classified in then, and averaged with that: 1; a new face gets both views: 2); threads are the page's WebAssembly threads (1 unless cross-origin isolated); full/frame and turned/frame: the follower's whole-frame detections and turned passes per frame.");
            if (jsonPath is not null)
            {
                var document = new { Date = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture), Cpu = cpu, Cores = Environment.ProcessorCount, Seconds = seconds, Results = results };
                await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(document, JsonOptions), ct);
                Console.WriteLine($"wrote {jsonPath}");
            }
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            temp.Delete(recursive: true);
        }

        return CommandRunner.Ok;
    }

    private static async Task<BrowserBenchResult> MeasureAsync(IPlaywright playwright, string address, string video, int faces, double seconds, CancellationToken ct)
    {
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", $"--use-file-for-fake-video-capture={video}",
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(address + "/");
        var mode = await page.Locator("#mode-status").InnerTextAsync();
        if (!mode.Contains("on this device", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the page did not start in on-device mode: {mode}");
        }

        await page.EvaluateAsync("() => { window.__firstFrame = new Promise(r => document.addEventListener('emotune:ondevice-frame', () => r(performance.now()), { once: true })); }");
        var clicked = await page.EvaluateAsync<double>("() => performance.now()");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        var first = await page.EvaluateAsync<double>("() => window.__firstFrame");
        var bytes = await page.EvaluateAsync<double>(
            "() => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')].reduce((a, e) => a + (e.transferSize || e.encodedBodySize || 0), 0)");
        ct.ThrowIfCancellationRequested();

        // The page's own loop stops (it would share the thread), and the page's pipeline modules run on a camera stream
        // of their own, frames back to back.
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop camera" }).ClickAsync();
        var answer = await page.EvaluateAsync<string>(
            """
            async (seconds) => {
              const [{ OnDevicePipeline }, { loadManifest }] = await Promise.all([import('/ondevice/pipeline.js'), import('/ondevice/assets.js')]);
              const pipeline = await OnDevicePipeline.create(await loadManifest());
              const threads = pipeline.threads, mirror = pipeline.classifier.mirrorAverage;
              const video = document.createElement('video');
              video.muted = true;
              video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
              await video.play();
              for (let i = 0; i < 10; i++) await pipeline.process(video, video.videoWidth, video.videoHeight);
              const sum = { capture: 0, detect: 0, align: 0, classify: 0, total: 0 }; let frames = 0, faces = 0;
              const full0 = pipeline.follower.fullDetections, turned0 = pipeline.follower.turnedPasses;
              const images0 = pipeline.alternating.images, answered0 = pipeline.alternating.faces;
              const start = performance.now();
              while (performance.now() - start < seconds * 1000) {
                const r = await pipeline.process(video, video.videoWidth, video.videoHeight);
                for (const k in sum) sum[k] += r.timings[k];
                frames++; faces += r.faces.length;
              }
              const wall = performance.now() - start;
              video.srcObject.getTracks().forEach((t) => t.stop());
              const full = pipeline.follower.fullDetections - full0, turned = pipeline.follower.turnedPasses - turned0;
              const images = pipeline.alternating.images - images0, answered = pipeline.alternating.faces - answered0;
              return JSON.stringify({ frames, faces, wall, threads, mirror, full, turned, images, answered, ...sum });
            }
            """,
            seconds);
        using var parsed = JsonDocument.Parse(answer);
        var measured = parsed.RootElement;

        var frames = measured.GetProperty("frames").GetInt32();
        double Mean(string k) => measured.GetProperty(k).GetDouble() / frames;
        var facesSeen = measured.GetProperty("faces").GetDouble() / frames;
        return new BrowserBenchResult(
            faces,
            measured.GetProperty("threads").GetInt32(),
            measured.GetProperty("mirror").GetBoolean(),
            (long)bytes,
            first - clicked,
            frames,
            frames * 1000 / measured.GetProperty("wall").GetDouble(),
            Mean("capture"),
            Mean("detect"),
            Mean("align"),
            Mean("classify"),
            Mean("total"),
            facesSeen > 0 ? Mean("classify") / facesSeen : double.NaN,
            facesSeen,
            measured.GetProperty("full").GetDouble() / frames,
            measured.GetProperty("turned").GetDouble() / frames,
            measured.GetProperty("answered").GetDouble() > 0 ? measured.GetProperty("images").GetDouble() / measured.GetProperty("answered").GetDouble() : double.NaN);
    }

    /// <summary>2 s of 640×480 video at 15 frames/s (YUV 4:2:0, y4m) of the bench scene with <paramref name="faces"/> faces.</summary>
    private static void WriteVideo(string facesFolder, int faces, string path)
    {
        var loaded = PipelineBench.LoadFaces(facesFolder);
        try
        {
            using var scene = PipelineBench.Scene(loaded, faces);
            using var yuv = new Mat();
            Cv2.CvtColor(scene, yuv, ColorConversionCodes.BGR2YUV_I420);
            yuv.GetArray(out byte[] planes);
            using var file = File.Create(path);
            file.Write("YUV4MPEG2 W640 H480 F15:1 Ip A1:1 C420jpeg\n"u8);
            for (var i = 0; i < 30; i++)
            {
                file.Write("FRAME\n"u8);
                file.Write(planes);
            }
        }
        finally
        {
            loaded.ForEach(f => f.Dispose());
        }
    }

    /// <summary>The CPU's model name, from /proc/cpuinfo (what <c>lscpu</c> reports), or "unknown".</summary>
    internal static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>One face count: first load, then the pipeline's mean ms per stage and frames per second.</summary>
    internal sealed record BrowserBenchResult(
        int Faces,
        int Threads,
        bool Mirror,
        long FirstLoadBytes,
        double FirstLoadMs,
        int Frames,
        double FramesPerSecond,
        double CaptureMs,
        double DetectMs,
        double AlignMs,
        double ClassifyMs,
        double TotalMs,
        double ClassifyMsPerFace,
        double FacesPerFrame,
        double FullDetectionsPerFrame,
        double TurnedPassesPerFrame,
        double ImagesPerFace);
}
