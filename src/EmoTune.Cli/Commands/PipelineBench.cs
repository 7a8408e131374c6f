using System.Diagnostics;
using System.Globalization;
using EmoTune.Core.Emotions;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;
using EmoTune.Vision.Tracking;
using OpenCvSharp;

namespace EmoTune.Cli.Commands;

/// <summary>
/// <c>emotune bench pipeline</c>: detection + classification per 640×480 frame, on scenes built from FER2013 test faces
/// pasted (enlarged) onto a shaded background, with 0, 1 and 3 faces; then aggregate throughput with concurrent streams.
/// </summary>
internal static class PipelineBench
{
    private static readonly (int Face, Rect Box)[] Places = [(0, new Rect(40, 60, 150, 150)), (1, new Rect(250, 260, 160, 160)), (2, new Rect(470, 80, 130, 130))];

    public static int Run(string modelPath, bool mirrorAverage, string facesFolder, DetectionOptions detection, string[] compare, double seconds, int[] streams, CancellationToken ct)
    {
        var classifier = EmotionClassifiers.Open(modelPath, mirrorAverage);
        using var owner = classifier as IDisposable;
        var detector = detection.Detector;
        // As in the app: streams report their frames, and the turned passes stop beyond RotatedPassesMaxStreams live ones.
        var live = new LiveStreams();
        var faceDetector = FaceDetectorFactory.Create(detection, live);
        var compared = new List<ComparedPipeline>();
        try
        {
            var pipeline = new EmotionPipeline(faceDetector, classifier, new FaceCropOptions { Margin = detection.DefaultCropMargin });
            var faces = LoadFaces(facesFolder);
            Console.WriteLine($"model {modelPath}{(mirrorAverage ? ", mirror-averaged" : "")}; detector {detector} at {detection.DetectionSide} px{(detection.DetectionSideWith(room: true) == detection.DetectionSide ? "" : detection.RoomyDetectionMaxStreams == 0 ? $" ({detection.DetectionSideWith(room: true)} px on whole frames while no stream is live, as for the app's still images)" : $" ({detection.DetectionSideWith(room: true)} px while at most {detection.RoomyDetectionMaxStreams} streams are live)")}{(detection.RotatedPasses > 0 ? $", with passes turned ±{detection.RotatedPasses}° while at most {detection.RotatedPassesMaxStreams} streams are live" : "")}; {Environment.ProcessorCount} cores; frames 640x480 BGR built from {facesFolder}");
            Console.WriteLine("'whole' detects on every whole frame; 'stream' is a stream's frame as the app runs it (FaceFollower: a whole-frame detection every "
                + $"{detection.FullDetectionEvery} frames, windows around known faces between)");
            compared.AddRange(compare.Select(c => new ComparedPipeline(c, classifier)));
            Console.WriteLine($"{"detector",-14} {"path",-7} {"faces",6} {"found",6} {"frames",7} {"mean ms",8} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"fps",7} {"decode p50 ms",14}");
            foreach (var count in new[] { 0, 1, 3 })
            {
                using var frame = Scene(faces, count);
                var jpeg = frame.ImEncode(".jpg", [(int)ImwriteFlags.JpegQuality, 85]);
                var decode = Loop(() => { using var m = Cv2.ImDecode(jpeg, ImreadModes.Color); }, Math.Min(1, seconds), ct);
                var follower = new FaceFollower(faceDetector, detection, streams: live);
                var cases = new (string Name, string Path, Func<IReadOnlyList<FaceResult>> Run)[] { (detector, "whole", () => pipeline.Process(frame)), (detector, "stream", () => pipeline.Process(frame, follower)) }
                    .Concat(compared.Select(c => (c.Name, "whole", (Func<IReadOnlyList<FaceResult>>)(() => c.Pipeline.Process(frame)))));
                foreach (var (name, path, run) in cases)
                {
                    var found = run().Count;
                    var times = Loop(() => run(), seconds, ct);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-14} {path,-7} {count,6} {found,6} {times.Count,7} {times.Average(),8:F2} {P(times, 0.5),8:F2} {P(times, 0.9),8:F2} {P(times, 0.99),8:F2} {times.Count / times.Sum() * 1000,7:F1} {P(decode, 0.5),14:F2}"));
                }
            }

            Console.WriteLine();
            Console.WriteLine($"concurrent streams ({detector}, each with its own FaceFollower):");
            Console.WriteLine($"{"streams",8} {"frames",7} {"p50 ms",8} {"p99 ms",8} {"fps total",10} {"fps/stream",11} {"cpu %",6} {"working set MB",15}");
            using var scene = Scene(faces, 1);
            foreach (var n in streams)
            {
                var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                var all = new List<double>[n];
                Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = n }, i =>
                {
                    using var own = scene.Clone();
                    var follower = new FaceFollower(faceDetector, detection, streams: live);
                    all[i] = Loop(() => pipeline.Process(own, follower), seconds, ct);
                });
                wall.Stop();
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds / Environment.ProcessorCount * 100;
                var merged = all.SelectMany(t => t).ToList();
                var fps = merged.Count / wall.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n,8} {merged.Count,7} {P(merged, 0.5),8:F2} {P(merged, 0.99),8:F2} {fps,10:F1} {fps / n,11:F1} {cpu,6:F0} {process.WorkingSet64 / 1048576.0,15:F0}"));
            }
        }
        finally
        {
            (faceDetector as IDisposable)?.Dispose();
            compared.ForEach(c => c.Dispose());
        }

        return CommandRunner.Ok;
    }

    /// <summary>Another detector with the same classifier, for comparison in the same run: as the app ran it before 2026-12-02 (its own detection side, no turned passes).</summary>
    private sealed class ComparedPipeline : IDisposable
    {
        private readonly IFaceDetector _detector;

        public ComparedPipeline(string detector, IEmotionClassifier classifier)
        {
            Name = detector;
            var options = new DetectionOptions { Detector = detector, RotatedPasses = 0 };
            _detector = FaceDetectorFactory.Create(options);
            Pipeline = new EmotionPipeline(_detector, classifier, new FaceCropOptions { Margin = options.DefaultCropMargin });
        }

        public string Name { get; }

        public EmotionPipeline Pipeline { get; }

        public void Dispose() => (_detector as IDisposable)?.Dispose();
    }

    internal static List<Mat> LoadFaces(string folder)
    {
        var files = EmotionLabels.Names
            .Select(n => Path.Combine(folder, n))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).Take(1))
            .ToList();
        if (files.Count < 3)
        {
            throw new DirectoryNotFoundException($"{folder}: need FER2013-style <class>/*.jpg faces (e.g. ../shared/datasets/fer2013/test) to build benchmark frames.");
        }

        // Faces the vision tests show every detector finds when enlarged, falling back to the first of each class.
        string[] preferred = ["happy/PublicTest_10130075.jpg", "surprise/PublicTest_11056779.jpg", "sad/PublicTest_11314873.jpg"];
        var chosen = preferred.Select(p => Path.Combine(folder, p)).Where(File.Exists).ToList();
        return (chosen.Count == 3 ? chosen : files.Take(3)).Select(f => Cv2.ImRead(f, ImreadModes.Grayscale)).ToList();
    }

    internal static Mat Scene(List<Mat> faces, int count)
    {
        var pixels = new byte[480 * 640];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(70 + (100 * (i % 640) / 640));
        }

        using var grey = new Mat(480, 640, MatType.CV_8UC1);
        grey.SetArray(pixels);
        foreach (var (face, box) in Places.Take(count))
        {
            using var big = new Mat();
            Cv2.Resize(faces[face], big, box.Size, 0, 0, InterpolationFlags.Cubic);
            using var target = new Mat(grey, box);
            big.CopyTo(target);
        }

        var bgr = new Mat();
        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
        return bgr;
    }

    private static List<double> Loop(Action action, double seconds, CancellationToken ct)
    {
        for (var i = 0; i < 5; i++)
        {
            action();
        }

        var times = new List<double>();
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds || times.Count < 10)
        {
            ct.ThrowIfCancellationRequested();
            var t = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        return times;
    }

    private static double P(List<double> times, double q)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(q * sorted.Count))];
    }
}
