using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using EmoTune.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using OpenCvSharp;

namespace EmoTune.Cli.Commands;

/// <summary>
/// <c>emotune bench loopback</c>: the real web app in this process (Kestrel on 127.0.0.1, a free port) and 1, 2, 4, 8
/// WebSocket clients on <c>/ws/frames</c>, each uploading a 640×480 JPEG with faces at a fixed rate with one frame in
/// flight, as the page does. A tick that comes while the previous result is still out is skipped and counted. With
/// <c>--on-device N</c>, N more clients send what a page in on-device mode sends instead, a results message (the faces'
/// boxes and probabilities, about 200 bytes of JSON) at the same rate, beside each count of server-mode streams.
/// </summary>
/// <remarks>
/// Clients and server share the process, so CPU % and memory include the clients (encoding nothing: the JPEG is made
/// once; a client only sends bytes and reads JSON), which is small next to detection and classification.
/// </remarks>
internal static class LoopbackBench
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> RunAsync(LoopbackSettings settings, CancellationToken ct)
    {
        settings.Validate();
        byte[] jpeg;
        var faces = PipelineBench.LoadFaces(settings.FacesFolder);
        try
        {
            using var scene = PipelineBench.Scene(faces, settings.FacesPerFrame);
            jpeg = scene.ImEncode(".jpg", [(int)ImwriteFlags.JpegQuality, 85]);
        }
        finally
        {
            faces.ForEach(f => f.Dispose());
        }

        var database = Directory.CreateTempSubdirectory("emotune-bench-");
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Vision:ModelPath={settings.ModelPath}",
            $"--Vision:Detection:Detector={settings.Detector}",
            $"--Music:DatabasePath={Path.Combine(database.FullName, "bench.db")}",
            "--Logging:LogLevel:Default=Warning",
            // Every simulated stream comes from 127.0.0.1, which the per-client socket limit would otherwise cap at 4.
            $"--Web:MaxWebSocketsPerClient={Math.Max(4, settings.Streams.Max() + settings.OnDevice)}",
            $"--Web:RequestsPer10Seconds=100000",
        ];
        var app = settings.Target is null ? EmoTuneWebApp.Create(args) : null;
        try
        {
            Uri address;
            if (app is null)
            {
                address = new Uri(settings.Target!);
                Cookie = await SignInAsync(address, ct);
            }
            else
            {
                await app.StartAsync(ct);
                address = new Uri(app.Urls.First());
            }

            Origin = address.GetLeftPart(UriPartial.Authority);
            var endpoint = new UriBuilder(address) { Scheme = address.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = "/ws/frames" }.Uri;
            var resultsMessage = ResultsMessage(settings.FacesPerFrame);
            Console.WriteLine(app is null
                ? string.Create(CultureInfo.InvariantCulture, $"target {address} (its own model and detector){(settings.Pids is { Length: > 0 } p ? $", cpu of pids {string.Join(' ', p)}" : "")}; {Environment.ProcessorCount} cores; 640x480 JPEG of {jpeg.Length / 1024.0:F0} KB with {settings.FacesPerFrame} face(s); {settings.FramesPerSecond} frames/s per stream, one in flight; {settings.Seconds} s per case")
                : string.Create(CultureInfo.InvariantCulture, $"web app on {address} (model {settings.ModelPath}, detector {settings.Detector}); {Environment.ProcessorCount} cores; 640x480 JPEG of {jpeg.Length / 1024.0:F0} KB with {settings.FacesPerFrame} face(s); {settings.FramesPerSecond} frames/s per stream, one in flight; {settings.Seconds} s per case"));
            if (settings.OnDevice > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"beside each count: {settings.OnDevice} on-device clients sending a {resultsMessage.Length}-byte results message at {settings.FramesPerSecond}/s, one in flight"));
            }

            // Warm-up: the first frames load the cascade and the ONNX session and JIT the paths.
            await RunStreamsAsync(endpoint, jpeg, WebSocketMessageType.Binary, 1, settings.FramesPerSecond, Math.Min(2, settings.Seconds), ct);
            await RunStreamsAsync(endpoint, resultsMessage, WebSocketMessageType.Text, 1, settings.FramesPerSecond, 1, ct);

            Console.WriteLine($"{"mode",9} {"clients",8} {"sent",6} {"skipped",8} {"rtt p50 ms",11} {"rtt p99 ms",11} {"rtt max ms",11} {"results/s",10} {"per client",11} {"faces/res",10} {"cpu %",6} {"ws MB",7} {"peak ws MB",11} {"gc heap MB",11} {"growth MB",10} {"gc pause ms",12} {"gcs",5} {"max queued",11}");
            var results = new List<LoopbackResult>();
            var processCpu = new List<ProcessCpu>();
            foreach (var n in settings.Streams)
            {
                var before = (settings.Pids ?? []).Select(ProcessCpu.ReadSeconds).ToArray();
                var clock = Stopwatch.GetTimestamp();
                var measured = await MeasureAsync(endpoint, jpeg, resultsMessage, n, settings, ct);
                var wall = Stopwatch.GetElapsedTime(clock).TotalSeconds;
                var cpus = (settings.Pids ?? []).Select((pid, i) => new ProcessCpu(n, pid, (ProcessCpu.ReadSeconds(pid) - before[i]) / wall * 100)).ToList();
                processCpu.AddRange(cpus);
                foreach (var r in measured)
                {
                    results.Add(r);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Mode,9} {r.Streams,8} {r.Sent,6} {r.Skipped,8} {r.RttP50Ms,11:F1} {r.RttP99Ms,11:F1} {r.RttMaxMs,11:F1} {r.ResultsPerSecond,10:F1} {r.ResultsPerSecondPerStream,11:F1} {r.FacesPerResult,10:F2} {r.CpuPercent,6:F0} {r.WorkingSetMb,7:F0} {r.PeakWorkingSetMb,11:F0} {r.GcHeapMb,11:F1} {r.MemoryGrowthMb,10:F1} {r.GcPauseMs,12:F1} {r.GcCount,5} {r.MaxQueuedWorkItems,11}"));
                }

                if (cpus.Count > 0)
                {
                    Console.WriteLine("          cpu % of one core, per process: " + string.Join("  ", cpus.Select(c => string.Create(CultureInfo.InvariantCulture, $"pid {c.Pid} {c.PercentOfOneCore:F0}"))));
                }
            }

            if (app is null)
            {
                Console.WriteLine("with --target, cpu % above is this process only (the simulated clients); the server's is the per-process line.");
            }

            Console.WriteLine(app is null
                ? "gc pause ms, gcs and max queued are this process's (the simulated clients'): its collections' total pause and count, and the most work items seen waiting on its thread pool."
                : "gc pause ms, gcs and max queued are this process's, server and clients: its collections' total pause (gen 0 count in gcs) and the most work items seen waiting on its thread pool (sampled every 100 ms).");

            if (settings.OnDevice > 0)
            {
                Console.WriteLine("cpu % is the whole process (server and simulated clients) over both cores; per on-device client, the case's cpu % and memory growth divided by the clients (see docs/BENCHMARKS.md).");
            }

            if (settings.JsonPath is { } json)
            {
                var document = new
                {
                    Date = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                    Cores = Environment.ProcessorCount,
                    Model = settings.ModelPath,
                    settings.Detector,
                    settings.FramesPerSecond,
                    settings.Seconds,
                    settings.FacesPerFrame,
                    JpegBytes = jpeg.Length,
                    settings.Target,
                    Results = results,
                    ProcessCpu = processCpu,
                };
                await File.WriteAllTextAsync(json, JsonSerializer.Serialize(document, JsonOptions), ct);
                Console.WriteLine($"wrote {json}");
            }
        }
        finally
        {
            if (app is not null)
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }

            database.Delete(recursive: true);
        }

        return CommandRunner.Ok;
    }

    // With --target: the bench account's sign-in cookie (none when the target needs no sign-in) and the page's origin.
    private static string? Cookie { get; set; }

    private static string? Origin { get; set; }

    /// <summary>Registers a new bench account on <paramref name="target"/> and returns its cookie; null when sign-in is off there.</summary>
    private static async Task<string?> SignInAsync(Uri target, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = target };
        http.DefaultRequestHeaders.Add("X-EmoTune", "1");
        var user = "bench-" + Guid.NewGuid().ToString("N")[..12];
        using var response = await http.PostAsync(
            "/api/v1/account/register",
            new StringContent(JsonSerializer.Serialize(new { userName = user, password = "bench " + Guid.NewGuid().ToString("N") }), System.Text.Encoding.UTF8, "application/json"),
            ct);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        return response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("emotune.auth=", StringComparison.Ordinal))
            : null;
    }

    /// <summary>Probabilities a page in on-device mode sent for a happy face (FER2013 order).</summary>
    private static readonly double[] HappyFace = [0.013143, 0.017663, 0.017289, 0.876913, 0.014662, 0.019989, 0.040341];

    /// <summary>The results message of a page in on-device mode that sees <paramref name="faces"/> faces in a 640×480 frame.</summary>
    internal static byte[] ResultsMessage(int faces)
    {
        var list = Enumerable.Range(0, faces).Select(i => new
        {
            box = new { x = 40 + (i * 200), y = 120, width = 160, height = 190 },
            probabilities = HappyFace,
        });
        return JsonSerializer.SerializeToUtf8Bytes(new { type = "faces", width = 640, height = 480, faces = list });
    }

    private static async Task<List<LoopbackResult>> MeasureAsync(Uri endpoint, byte[] jpeg, byte[] resultsMessage, int streams, LoopbackSettings settings, CancellationToken ct)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var memoryBefore = process.WorkingSet64;
        var cpuBefore = process.TotalProcessorTime;
        var gcPauseBefore = GC.GetTotalPauseDuration();
        var gcCountBefore = GC.CollectionCount(0);
        var start = Stopwatch.GetTimestamp();
        long peak = 0;
        long maxQueued = 0;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(
            async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.WorkingSet64);
                    maxQueued = Math.Max(maxQueued, ThreadPool.PendingWorkItemCount);
                    await Task.Delay(100, sampling.Token).ConfigureAwait(false);
                }
            },
            CancellationToken.None);
        var server = RunStreamsAsync(endpoint, jpeg, WebSocketMessageType.Binary, streams, settings.FramesPerSecond, settings.Seconds, ct);
        var onDevice = RunStreamsAsync(endpoint, resultsMessage, WebSocketMessageType.Text, settings.OnDevice, settings.FramesPerSecond, settings.Seconds, ct);
        var groups = new[] { ("server", await server), ("on-device", await onDevice) };
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await sampling.CancelAsync();
        try
        {
            await sampler;
        }
        catch (OperationCanceledException)
        {
            // The sampler stops by cancellation.
        }

        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / wall / Environment.ProcessorCount * 100;
        var growth = (process.WorkingSet64 - memoryBefore) / 1048576.0;
        var runtime = new RuntimeUse((GC.GetTotalPauseDuration() - gcPauseBefore).TotalMilliseconds, GC.CollectionCount(0) - gcCountBefore, maxQueued);
        return groups.Where(g => g.Item2.Length > 0).Select(g => Summarise(g.Item1, g.Item2, endpoint, settings, cpu, process.WorkingSet64, peak, growth, runtime)).ToList();
    }

    /// <summary>This process's garbage collections over a case (their total pause, and how many) and the most work items seen queued on its thread pool (sampled every 100 ms).</summary>
    private sealed record RuntimeUse(double GcPauseMs, int GcCount, long MaxQueuedWorkItems);

    private static LoopbackResult Summarise(string mode, StreamOutcome[] outcomes, Uri endpoint, LoopbackSettings settings, double cpu, long workingSet, long peak, double growth, RuntimeUse runtime)
    {
        var streams = outcomes.Length;
        var rtts = outcomes.SelectMany(o => o.RttMs).Order().ToList();
        if (rtts.Count == 0)
        {
            throw new InvalidDataException($"no result came back from {endpoint} in {settings.Seconds} s.");
        }

        var errors = outcomes.Sum(o => o.Errors);
        if (errors > 0)
        {
            throw new InvalidDataException($"{errors} {mode} message(s) were answered with an error by {endpoint}.");
        }

        var received = rtts.Count;
        var measured = outcomes.Max(o => o.Seconds);
        return new LoopbackResult(
            mode,
            streams,
            outcomes.Sum(o => o.Sent),
            outcomes.Sum(o => o.Skipped),
            received,
            Percentile(rtts, 0.5),
            Percentile(rtts, 0.99),
            rtts[^1],
            received / measured,
            received / measured / streams,
            (double)outcomes.Sum(o => o.Faces) / received,
            cpu,
            workingSet / 1048576.0,
            Math.Max(peak, workingSet) / 1048576.0,
            // Bytes the managed heap holds now. GetGCMemoryInfo() describes the last collection, and reads 0 when a short,
            // light run never needed one (seen on a 2 s run).
            GC.GetTotalMemory(forceFullCollection: false) / 1048576.0,
            growth,
            runtime.GcPauseMs,
            runtime.GcCount,
            runtime.MaxQueuedWorkItems);
    }

    private static Task<StreamOutcome[]> RunStreamsAsync(Uri endpoint, byte[] message, WebSocketMessageType type, int streams, double fps, double seconds, CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, streams).Select(i => Task.Run(() => StreamAsync(endpoint, message, type, fps, seconds, (double)i / streams, ct), ct)));

    /// <summary>
    /// One client: tick k is due at start + k / fps; a frame goes out at its tick and the next frame at the first tick
    /// after its result came back, every tick passed over meanwhile counted as skipped. Clients' ticks are spread over
    /// one period (<paramref name="phase"/> of it, 0 to 1): people's cameras are not in lockstep, and clients that all
    /// sent at the same instant would measure how long the last of N simultaneous frames waits, not a server's load.
    /// </summary>
    private static async Task<StreamOutcome> StreamAsync(Uri endpoint, byte[] message, WebSocketMessageType type, double fps, double seconds, double phase, CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        if (Cookie is not null)
        {
            socket.Options.SetRequestHeader("Cookie", Cookie);
        }

        if (Origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", Origin);
        }

        await socket.ConnectAsync(endpoint, ct);
        await Task.Delay(TimeSpan.FromSeconds(phase / fps), ct);
        var buffer = new byte[64 * 1024];
        var rtts = new List<double>();
        long sent = 0, skipped = 0, faces = 0, errors = 0, tick = 0;
        var start = Stopwatch.GetTimestamp();
        // Tick times in seconds as doubles: a TimeSpan period (1/15 s truncated to 100 ns) would gain a tick over a run.
        var ticks = (long)Math.Ceiling((seconds * fps) - 1e-9);
        while (tick < ticks)
        {
            var due = TimeSpan.FromSeconds(tick / fps);

            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            var sentAt = Stopwatch.GetTimestamp();
            await socket.SendAsync(message, type, endOfMessage: true, ct);
            sent++;
            var length = await ReceiveAsync(socket, buffer, ct);
            rtts.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
            (faces, errors) = Tally(buffer.AsSpan(0, length), faces, errors);

            // The next tick that is not yet past; those passed over while the frame was out are skipped (up to the
            // last tick of the run, so that sent + skipped is the number of ticks).
            var elapsed = Stopwatch.GetElapsedTime(start);
            var next = Math.Max(tick + 1, (long)Math.Ceiling(elapsed.TotalSeconds * fps));
            skipped += Math.Min(next, ticks) - tick - 1;
            tick = next;
        }

        var measured = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", ct);
        return new StreamOutcome(sent, skipped, faces, errors, rtts, measured);
    }

    private static async Task<int> ReceiveAsync(ClientWebSocket socket, byte[] buffer, CancellationToken ct)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                throw new InvalidDataException($"a frame result was larger than {buffer.Length} bytes.");
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidDataException($"the server closed the frame stream: {socket.CloseStatus} {socket.CloseStatusDescription}");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return length;
            }
        }
    }

    private static (long Faces, long Errors) Tally(ReadOnlySpan<byte> json, long faces, long errors)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.TryGetProperty("faces", out var list))
        {
            return (faces + list.GetArrayLength(), errors);
        }

        return (faces, errors + 1);
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(q * sorted.Count))];

    private sealed record StreamOutcome(long Sent, long Skipped, long Faces, long Errors, List<double> RttMs, double Seconds);
}
