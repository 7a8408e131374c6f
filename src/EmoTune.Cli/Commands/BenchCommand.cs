using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EmoTune.Cli.Benchmarks;
using EmoTune.Training.Models;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;

namespace EmoTune.Cli.Commands;

/// <summary>
/// <c>emotune bench model</c>: latency of the emotion model per face at several batch sizes, through the same
/// <see cref="OnnxEmotionClassifier"/> the web app and <c>predict</c> use (logits to probabilities included); with
/// <c>--mirror</c>, wrapped in the <see cref="MirrorAveragingClassifier"/> that they use by default.
/// </summary>
internal static class BenchCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "ONNX model to measure", DefaultValueFactory = _ => ShippedModel.Path };
        var batches = new Option<int[]>("--batch") { Description = "Batch sizes to measure", DefaultValueFactory = _ => [1, 8, 32], AllowMultipleArgumentsPerToken = true };
        var seconds = new Option<double>("--seconds") { Description = "Measuring time per batch size, after warm-up", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0 = all cores)", DefaultValueFactory = _ => 0 };
        var mirror = new Option<bool>("--mirror") { Description = "Measure each face with its mirror averaged in, as the web app and predict run it (twice the images per model run)" };
        var arch = new Option<string?>("--arch") { Description = $"Instead of --model: time an untrained network of this architecture ({string.Join(", ", NetworkFactory.Architectures.Keys)}), exported to a temporary file and deleted after; for choosing a layout by cost before training it" };
        var int8 = new Option<bool>("--int8") { Description = "With --arch: export it as int8 (QDQ), as `export --int8` does, calibrated on random inputs (vgg family only)" };
        var json = CliOptions.Json();
        var modelCommand = new Command("model", "Measure emotion-model inference latency through ONNX Runtime (p50/p90/p99 per batch and per face)") { model, batches, seconds, threads, mirror, arch, int8, json };
        modelCommand.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var budget = parse.GetValue(seconds);
                if (budget <= 0)
                {
                    throw new ArgumentException($"--seconds must be positive, got {budget}.");
                }

                var architecture = parse.GetValue(arch);
                if (architecture is null && parse.GetValue(int8))
                {
                    throw new ArgumentException("--int8 goes with --arch; to time an int8 file, give it to --model.");
                }

                if (architecture is not null && parse.GetResult(model) is { Implicit: false })
                {
                    throw new ArgumentException("--arch and --model exclude each other: --arch times an untrained network, --model a file.");
                }

                using var untrained = architecture is null ? null : UntrainedModel.Write(architecture, parse.GetValue(int8));
                var path = untrained?.Path ?? parse.GetValue(model)!;
                var classifier = EmotionClassifiers.Open(path, parse.GetValue(mirror), parse.GetValue(threads));
                using var owner = classifier as IDisposable;
                var results = new List<ModelBenchResult>();
                if (untrained is not null)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"untrained {architecture} ({untrained.Parameters:N0} parameters, {untrained.MultiplyAdds:N0} multiply-adds per face, {(parse.GetValue(int8) ? "int8" : "float")}): timing only, its outputs mean nothing"));
                }

                Console.WriteLine($"model {(untrained is null ? path : "(temporary file)")} ({classifier.Spec.Architecture}, {classifier.Spec.InputWidth}x{classifier.Spec.InputHeight}){(parse.GetValue(mirror) ? ", mirror-averaged" : "")}; {Environment.ProcessorCount} cores; ONNX Runtime threads {(parse.GetValue(threads) == 0 ? "all" : parse.GetValue(threads).ToString(CultureInfo.InvariantCulture))}");
                Console.WriteLine($"{"batch",6} {"runs",7} {"p50 ms",9} {"p90 ms",9} {"p99 ms",9} {"p50 ms/face",12} {"faces/s",9}");
                foreach (var batch in parse.GetValue(batches)!)
                {
                    if (batch <= 0)
                    {
                        throw new ArgumentException($"--batch sizes must be positive, got {batch}.");
                    }

                    var r = Measure(classifier, batch, budget, c);
                    results.Add(r);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Batch,6} {r.Runs,7} {r.P50Ms,9:F3} {r.P90Ms,9:F3} {r.P99Ms,9:F3} {r.P50MsPerFace,12:F3} {r.FacesPerSecond,9:F0}"));
                }

                var jsonPath = parse.GetValue(json);
                if (jsonPath is not null)
                {
                    File.WriteAllText(jsonPath, JsonSerializer.Serialize(new { model = untrained is null ? path : null, architecture = classifier.Spec.Architecture, untrained = untrained is not null, int8 = untrained is null ? (bool?)null : parse.GetValue(int8), parameters = untrained?.Parameters, multiplyAdds = untrained?.MultiplyAdds, mirror = parse.GetValue(mirror), cores = Environment.ProcessorCount, date = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture), results }, JsonOptions));
                    Console.WriteLine($"wrote {jsonPath}");
                }

                return CommandRunner.Ok;
            },
            ct));
        var pipelineModel = new Option<string>("--model") { Description = "ONNX emotion model", DefaultValueFactory = _ => ShippedModel.Path };
        var faces = new Option<string>("--faces") { Description = "FER2013-style test folder whose faces are pasted into the frames", DefaultValueFactory = _ => Path.Combine("..", "shared", "datasets", "fer2013", "test") };
        var detector = new Option<string>("--detector") { Description = "yunet, haar-default, haar-alt2, lbp, a cascade .xml or a YuNet .onnx", DefaultValueFactory = _ => DetectionOptions.YuNet };
        var compare = new Option<string[]>("--compare") { Description = "Detectors also timed on whole frames in the same run (none: --compare with no value)", DefaultValueFactory = _ => [DetectionOptions.HaarDefault], AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.ZeroOrMore };
        var pipelineSeconds = new Option<double>("--seconds") { Description = "Measuring time per case", DefaultValueFactory = _ => 5 };
        var pipelineNoMirror = new Option<bool>("--no-mirror") { Description = "One pass per face instead of the web app's default mirror averaging" };
        var streams = new Option<int[]>("--streams") { Description = "Concurrent stream counts", DefaultValueFactory = _ => [1, 2, 4, 8], AllowMultipleArgumentsPerToken = true };
        var pipelineSide = new Option<int?>("--detection-side") { Description = "Longer side of the copy --detector runs on (default: the detector's own: YuNet 640, and 960 for still images while no stream is live, cascades 320)" };
        var pipelineTurned = new Option<double>("--rotated-passes") { Description = "--detector also detects on the frame turned by ± this many degrees, as the app does while at most 2 streams are live (0 = upright only)", DefaultValueFactory = _ => new DetectionOptions().RotatedPasses };
        var pipelineCommand = new Command("pipeline", "Measure detection + classification per 640x480 frame (0, 1, 3 faces) and throughput with concurrent streams")
        {
            pipelineModel, faces, detector, compare, pipelineSeconds, streams, pipelineNoMirror, pipelineSide, pipelineTurned,
        };
        pipelineCommand.SetAction((parse, ct) => CommandRunner.Run(
            c => PipelineBench.Run(
                parse.GetValue(pipelineModel)!,
                !parse.GetValue(pipelineNoMirror),
                parse.GetValue(faces)!,
                ValidatedDetection(parse.GetValue(detector)!, parse.GetValue(pipelineSide), parse.GetValue(pipelineTurned)),
                parse.GetValue(compare) ?? [],
                parse.GetValue(pipelineSeconds),
                parse.GetValue(streams)!,
                c),
            ct));
        var loopbackCommand = CreateLoopback();
        var listeners = new Option<int>("--listeners") { Description = "Simulated listeners", DefaultValueFactory = _ => 100 };
        var steps = new Option<int>("--steps") { Description = "Tracks each listener hears", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed", DefaultValueFactory = _ => 2024 };
        var latency = new Option<bool>("--latency") { Description = "Measure recommendation latency on a synthetic library instead of the like-rate simulation" };
        var tracks = new Option<int>("--tracks") { Description = "--latency: synthetic library size", DefaultValueFactory = _ => 10_000 };
        var events = new Option<int>("--feedback") { Description = "--latency: feedback events in the SQLite store", DefaultValueFactory = _ => 500 };
        var calls = new Option<int>("--calls") { Description = "--latency: measured calls", DefaultValueFactory = _ => 2_000 };
        var recommenderJson = CliOptions.Json();
        var recommenderCommand = new Command("recommender", "Simulated listeners with hidden tastes: like-rate with personalisation vs without vs random; or, with --latency, recommendation latency")
        {
            listeners, steps, seed, latency, tracks, events, calls, recommenderJson,
        };
        recommenderCommand.SetAction((parse, ct) => parse.GetValue(latency)
            ? CommandRunner.RunAsync(c => RecommenderLatencyBench.RunAsync(parse.GetValue(tracks), parse.GetValue(events), parse.GetValue(calls), parse.GetValue(seed), parse.GetValue(recommenderJson), c), ct)
            : CommandRunner.Run(
            _ =>
            {
                var result = EmoTune.Music.Simulation.ListenerSimulation.Run(
                    EmoTune.Music.Catalog.TrackCatalog.LoadEmbedded().Tracks,
                    EmoTune.Core.Moods.MoodMap.Default,
                    new EmoTune.Music.Recommendation.RecommenderOptions(),
                    new EmoTune.Music.Simulation.SimulationOptions { Listeners = parse.GetValue(listeners), Steps = parse.GetValue(steps), Seed = parse.GetValue(seed) });
                Console.Write(result.ToMarkdown());
                var last = Math.Min(50, parse.GetValue(steps));
                var personalised = result[EmoTune.Music.Simulation.SimulationPolicy.Personalised].LikeRateOverLast(last);
                var unpersonalised = result[EmoTune.Music.Simulation.SimulationPolicy.Unpersonalised].LikeRateOverLast(last);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"last {last} steps: personalised {personalised:F3}, unpersonalised {unpersonalised:F3}, ratio {personalised / unpersonalised:F2}"));
                var (full, genreOnly) = EmoTune.Music.Simulation.ListenerSimulation.Ceilings(
                    EmoTune.Music.Catalog.TrackCatalog.LoadEmbedded().Tracks,
                    EmoTune.Core.Moods.MoodMap.Default,
                    new EmoTune.Music.Recommendation.RecommenderOptions(),
                    new EmoTune.Music.Simulation.SimulationOptions { Listeners = parse.GetValue(listeners), Steps = parse.GetValue(steps), Seed = parse.GetValue(seed) });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ceilings (oracles reading the hidden tastes): every taste {full:F3} ({full / unpersonalised:F2}x), genre tastes only {genreOnly:F3} ({genreOnly / unpersonalised:F2}x)"));
                var jsonPath = parse.GetValue(recommenderJson);
                if (jsonPath is not null)
                {
                    File.WriteAllText(jsonPath, JsonSerializer.Serialize(result, JsonOptions));
                    Console.WriteLine($"wrote {jsonPath}");
                }

                return CommandRunner.Ok;
            },
            ct));
        return new Command("bench", "Benchmarks (results go to docs/BENCHMARKS.md)") { modelCommand, pipelineCommand, CreateScenes(), loopbackCommand, CreateBrowser(), recommenderCommand, LibraryBench.Create() };
    }

    private static Command CreateScenes()
    {
        var model = new Option<string>("--model") { Description = "ONNX emotion model", DefaultValueFactory = _ => ShippedModel.Path };
        var faces = new Option<string>("--faces") { Description = "FER2013-style folder (<class>/*.jpg) whose faces are pasted into the scenes", DefaultValueFactory = _ => Path.Combine("..", "shared", "datasets", "fer2013", "test") };
        var frames = new Option<int>("--frames") { Description = "Generated 640x480 frames (about 1 in 8 without a face)", DefaultValueFactory = _ => 400 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same frames", DefaultValueFactory = _ => 1 };
        var detectors = new Option<string[]>("--detectors") { Description = "Detectors to compare: yunet, haar-default, haar-alt2, lbp, a cascade .xml or a YuNet .onnx", DefaultValueFactory = _ => [DetectionOptions.YuNet, DetectionOptions.HaarDefault, DetectionOptions.HaarAlt2, DetectionOptions.Lbp], AllowMultipleArgumentsPerToken = true };
        var sides = new Option<int[]>("--detection-side") { Description = "Longer side of the copy detection runs on (each is measured); default: each detector's own (YuNet 640, cascades 320)", DefaultValueFactory = _ => [], AllowMultipleArgumentsPerToken = true };
        var noMirror = new Option<bool>("--no-mirror") { Description = "One pass per face instead of the web app's default mirror averaging" };
        var scores = new Option<float[]>("--score-threshold") { Description = "YuNet's minimum face score (each is measured; cascades ignore it)", DefaultValueFactory = _ => [new DetectionOptions().ScoreThreshold], AllowMultipleArgumentsPerToken = true };
        var rotated = new Option<double[]>("--rotated-passes") { Description = "Also detect on the frame turned by ± this many degrees (each is measured; 0 = upright only; default: the app's, which a still image or a lone stream gets)", DefaultValueFactory = _ => [new DetectionOptions().RotatedPasses], AllowMultipleArgumentsPerToken = true };
        var annotate = new Option<string?>("--annotate") { Description = "Write the first frames, with truth and detections drawn, as PNG into this folder (first detector and side)" };
        var annotateCount = new Option<int>("--annotate-count") { Description = "How many frames --annotate writes", DefaultValueFactory = _ => 6 };
        var json = CliOptions.Json();
        var command = new Command("scenes", "End-to-end accuracy on generated, labelled scenes: recall, false positives, right emotions, by face size, rotation and lighting, and ms per frame, per detector")
        {
            model, faces, frames, seed, detectors, sides, scores, rotated, noMirror, annotate, annotateCount, json,
        };
        command.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var count = parse.GetValue(frames);
                if (count <= 0)
                {
                    throw new ArgumentException($"--frames must be positive, got {count}.");
                }

                if (parse.GetValue(sides)!.FirstOrDefault(s => s < 64) is var bad and not 0)
                {
                    throw new ArgumentException($"--detection-side must be at least 64, got {bad}.");
                }

                return SceneBench.Run(
                    new SceneBenchSettings(
                        parse.GetValue(model)!,
                        !parse.GetValue(noMirror),
                        parse.GetValue(faces)!,
                        count,
                        parse.GetValue(seed),
                        parse.GetValue(detectors)!,
                        parse.GetValue(sides)!,
                        parse.GetValue(scores)!,
                        parse.GetValue(rotated)!,
                        parse.GetValue(annotate),
                        parse.GetValue(annotateCount),
                        parse.GetValue(json)),
                    c);
            },
            ct));
        return command;
    }

    private static Command CreateBrowser()
    {
        var faces = new Option<string>("--faces") { Description = "FER2013-style test folder whose faces the fake camera shows", DefaultValueFactory = _ => Path.Combine("..", "shared", "datasets", "fer2013", "test") };
        var counts = new Option<int[]>("--face-counts") { Description = "Faces in the camera's picture, one run each (1 to 3)", DefaultValueFactory = _ => [1, 3], AllowMultipleArgumentsPerToken = true };
        var seconds = new Option<double>("--seconds") { Description = "Measuring time per face count", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "WebAssembly threads for the page (Web:OnDeviceThreads; 0: as many as the cores, at most 4, when cross-origin isolated)", DefaultValueFactory = _ => 0 };
        var browserModel = new Option<string>("--model") { Description = "ONNX emotion model the web app serves to the page (and runs itself)", DefaultValueFactory = _ => ShippedModel.Path };
        var mirror = new Option<bool?>("--mirror") { Description = "Average each face with its mirror on the device (Web:OnDeviceMirrorAverage; unset: as the server, which does)" };
        var json = CliOptions.Json();
        var command = new Command("browser", "On-device mode in headless Chromium with a fake 640x480 camera: first load, ms per stage, frames/s, classifier ms per face")
        {
            browserModel, faces, counts, seconds, threads, mirror, json,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            c => Benchmarks.BrowserBench.RunAsync(parse.GetValue(browserModel)!, parse.GetValue(faces)!, parse.GetValue(counts)!, parse.GetValue(seconds), parse.GetValue(threads), parse.GetValue(mirror), parse.GetValue(json), c),
            ct));
        return command;
    }

    private static Command CreateLoopback()
    {
        var model = new Option<string>("--model") { Description = "ONNX emotion model the web app loads", DefaultValueFactory = _ => ShippedModel.Path };
        var faces = new Option<string>("--faces") { Description = "FER2013-style test folder whose faces are pasted into the frames", DefaultValueFactory = _ => Path.Combine("..", "shared", "datasets", "fer2013", "test") };
        var detector = new Option<string>("--detector") { Description = "yunet, haar-default, haar-alt2, lbp, a cascade .xml or a YuNet .onnx", DefaultValueFactory = _ => DetectionOptions.YuNet };
        var facesPerFrame = new Option<int>("--faces-per-frame") { Description = "Faces in each frame (1 to 3)", DefaultValueFactory = _ => 1 };
        var fps = new Option<double>("--fps") { Description = "Frames each stream uploads per second (one in flight)", DefaultValueFactory = _ => 15 };
        var seconds = new Option<double>("--seconds") { Description = "Measuring time per stream count", DefaultValueFactory = _ => 10 };
        var streams = new Option<int[]>("--streams") { Description = "Concurrent WebSocket stream counts", DefaultValueFactory = _ => [1, 2, 4, 8], AllowMultipleArgumentsPerToken = true };
        var onDevice = new Option<int>("--on-device") { Description = "Simulated on-device clients sending results (not frames) at --fps beside each count of server-mode streams", DefaultValueFactory = _ => 0 };
        var target = new Option<string?>("--target")
        {
            Description = "An EmoTune already running (a replica, or the gateway of scripts/cluster.sh) to measure instead of starting one; a bench account is registered when it needs sign-in. Its detector is its own",
        };
        var pids = new Option<int[]>("--pids") { Description = "With --target: processes (the replicas, the gateway) whose CPU is reported per case", DefaultValueFactory = _ => [], AllowMultipleArgumentsPerToken = true };
        var json = CliOptions.Json();
        var command = new Command("loopback", "Start the web app on 127.0.0.1 (or use --target) and measure the /ws/frames round trip (frame sent to result received) with concurrent streams")
        {
            model, faces, detector, facesPerFrame, fps, seconds, streams, onDevice, target, pids, json,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            c => LoopbackBench.RunAsync(
                new LoopbackSettings(
                    parse.GetValue(model)!,
                    parse.GetValue(faces)!,
                    parse.GetValue(detector)!,
                    parse.GetValue(facesPerFrame),
                    parse.GetValue(fps),
                    parse.GetValue(seconds),
                    parse.GetValue(streams)!,
                    parse.GetValue(json),
                    parse.GetValue(onDevice),
                    parse.GetValue(target),
                    parse.GetValue(pids)),
                c),
            ct));
        return command;
    }

    private static ModelBenchResult Measure(IEmotionClassifier classifier, int batch, double seconds, CancellationToken ct)
    {
        var size = classifier.Spec.InputWidth * classifier.Spec.InputHeight;
        var input = new float[batch * size];
        var rng = new Random(1);
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((rng.NextDouble() * 4) - 2);
        }

        for (var i = 0; i < 10; i++)
        {
            classifier.Classify(input, batch);
        }

        var times = new List<double>();
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds || times.Count < 20)
        {
            ct.ThrowIfCancellationRequested();
            var t = Stopwatch.GetTimestamp();
            classifier.Classify(input, batch);
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        times.Sort();
        double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Floor(q * times.Count))];
        return new ModelBenchResult(batch, times.Count, P(0.5), P(0.9), P(0.99), P(0.5) / batch, batch * 1000 / P(0.5));
    }

    private sealed record ModelBenchResult(int Batch, int Runs, double P50Ms, double P90Ms, double P99Ms, double P50MsPerFace, double FacesPerSecond);

    private static DetectionOptions ValidatedDetection(string detector, int? side, double rotated)
    {
        if (side is < 64 or > 4096)
        {
            throw new ArgumentException($"--detection-side must be between 64 and 4096, got {side}.");
        }

        if (rotated is < 0 or > 45)
        {
            throw new ArgumentException($"--rotated-passes must be between 0 and 45 degrees, got {rotated}.");
        }

        return new DetectionOptions { Detector = detector, MaxDetectionSide = side, RotatedPasses = rotated };
    }
}
