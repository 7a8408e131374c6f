using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EmoTune.Core.Emotions;
using EmoTune.Core.Faces;
using EmoTune.Vision.Annotation;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;
using OpenCvSharp;

namespace EmoTune.Cli.Benchmarks;

/// <summary>
/// <c>emotune bench scenes</c>: the live chain end to end on <see cref="SceneGenerator"/>'s labelled frames. For each
/// detector and detection size: recall (a detection whose centre lies in the pasted face and whose size is 0.5–2× of
/// it), false positives per frame, end-to-end accuracy (right emotion over all true faces) with and without landmark
/// alignment, broken down by face size, rotation and lighting, and ms per frame (detection + one batched classification).
/// </summary>
internal static class SceneBench
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static int Run(SceneBenchSettings settings, CancellationToken ct)
    {
        var generator = new SceneGenerator(settings.Faces, settings.Seed);
        var classifier = EmotionClassifiers.Open(settings.ModelPath, settings.Mirror);
        using var owner = classifier as IDisposable;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench scenes: {settings.Frames} frames 640x480 (seed {settings.Seed}) from {generator.FaceCount} faces in {settings.Faces}; model {settings.ModelPath}{(settings.Mirror ? ", mirror-averaged" : "")}; {Environment.ProcessorCount} cores"));
        var scenes = new List<Scene>(settings.Frames);
        try
        {
            for (var i = 0; i < settings.Frames; i++)
            {
                ct.ThrowIfCancellationRequested();
                scenes.Add(generator.Create(i));
            }

            var faces = scenes.Sum(s => s.Faces.Count);
            var cropAccuracy = CropAccuracy(classifier, scenes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{faces} faces, {scenes.Count(s => s.Faces.Count == 0)} face-free frames; the same faces as plain 48x48 crops: {cropAccuracy:P1} right"));
            Console.WriteLine();
            var results = new List<SceneBenchResult>();
            Console.WriteLine($"{"detector",-14} {"side",5} {"score",5} {"recall",7} {"e2e acc",8} {"no align",9} {"FP/frame",9} {"FP free",8} {"p50 ms",7} {"p99 ms",7}");
            foreach (var name in settings.Detectors)
            {
                var thresholds = new DetectionOptions { Detector = name }.IsYuNet ? settings.ScoreThresholds : settings.ScoreThresholds.Take(1);
                var sides = settings.Sides.Count == 0 ? [(int?)null] : settings.Sides.Select(s => (int?)s);
                foreach (var (side, score, turn) in sides.SelectMany(side => thresholds.SelectMany(score => settings.RotatedPasses.Select(turn => (side, score, turn)))))
                {
                    var result = Measure(new DetectionOptions { Detector = name, MaxDetectionSide = side, ScoreThreshold = score, RotatedPasses = turn }, classifier, scenes, settings, results.Count == 0 ? settings.AnnotateDir : null, ct);
                    results.Add(result);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{Label(name, turn),-14} {result.Side,5} {(new DetectionOptions { Detector = name }.IsYuNet ? score.ToString("F2", CultureInfo.InvariantCulture) : "-"),5} {result.Recall,7:P1} {result.Accuracy,8:P1} {(result.AccuracyUnaligned is { } u ? u.ToString("P1", CultureInfo.InvariantCulture) : "-"),9} {result.FalsePositivesPerFrame,9:F3} {result.FalsePositivesPerFaceFreeFrame,8:F3} {result.P50Ms,7:F2} {result.P99Ms,7:F2}"));
                }
            }

            Console.WriteLine();
            Console.WriteLine("recall / end-to-end accuracy by group (faces in the group):");
            var groups = results[0].Groups.Select(g => g.Name).ToArray();
            Console.WriteLine($"{"detector",-14} {"side",5} {"score",5} " + string.Join(" ", groups.Select(g => $"{g,14}")));
            Console.WriteLine($"{"",-14} {"",5} {"",5} " + string.Join(" ", results[0].Groups.Select(g => $"{"(" + g.Faces.ToString(CultureInfo.InvariantCulture) + ")",14}")));
            foreach (var r in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Label(r.Detector, r.RotatedPasses),-14} {r.Side,5} {r.ScoreThreshold,5:F2} ") + string.Join(" ", r.Groups.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Recall * 100,6:F1}/{g.Accuracy * 100,5:F1} "))));
            }

            if (settings.Json is { } json)
            {
                File.WriteAllText(json, JsonSerializer.Serialize(new { settings.Frames, settings.Seed, settings.Faces, model = settings.ModelPath, mirror = settings.Mirror, faces, cropAccuracy, cores = Environment.ProcessorCount, date = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture), results }, JsonOptions));
                Console.WriteLine($"wrote {json}");
            }

            if (settings.AnnotateDir is { } dir)
            {
                Console.WriteLine($"wrote {Math.Min(settings.AnnotateCount, scenes.Count)} annotated frames ({results[0].Detector}, side {results[0].Side}) to {dir}: truth green with its label, detections labelled with what the model saw");
            }
        }
        finally
        {
            scenes.ForEach(s => s.Dispose());
        }

        return Commands.CommandRunner.Ok;
    }

    /// <summary>The detector's name, with <c>+rotN</c> when it also detects on frames turned by ±N degrees.</summary>
    private static string Label(string detector, double rotatedPasses) =>
        rotatedPasses > 0 ? string.Create(CultureInfo.InvariantCulture, $"{detector}+rot{rotatedPasses:0.#}") : detector;

    private static double CropAccuracy(IEmotionClassifier classifier, List<Scene> scenes)
    {
        var preprocessor = new Core.ModelSpec.Preprocessor(classifier.Spec);
        int right = 0, all = 0;
        foreach (var face in scenes.SelectMany(s => s.Faces))
        {
            using var image = Cv2.ImRead(face.File, ImreadModes.Grayscale);
            var input = new float[preprocessor.InputLength];
            preprocessor.Process(image.AsSpan<byte>(), image.Width, image.Height, image.Width, input);
            right += (int)classifier.Classify(input, 1)[0].Top == face.Label ? 1 : 0;
            all++;
        }

        return all == 0 ? double.NaN : (double)right / all;
    }

    private static SceneBenchResult Measure(DetectionOptions options, IEmotionClassifier classifier, List<Scene> scenes, SceneBenchSettings settings, string? annotateDir, CancellationToken ct)
    {
        var detector = FaceDetectorFactory.Create(options);
        try
        {
            var aligned = new EmotionPipeline(detector, classifier, new FaceCropOptions { Margin = options.DefaultCropMargin, Align = true });
            var unaligned = new EmotionPipeline(detector, classifier, new FaceCropOptions { Margin = options.DefaultCropMargin, Align = false });
            foreach (var scene in scenes.Take(5))
            {
                aligned.Classify(scene.Frame, detector.DetectFaces(scene.Frame));
            }

            var tally = new Dictionary<string, Tally>(StringComparer.Ordinal);
            var times = new List<double>();
            int falsePositives = 0, falsePositivesFree = 0, withLandmarks = 0;
            for (var i = 0; i < scenes.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var scene = scenes[i];
                var start = Stopwatch.GetTimestamp();
                var found = detector.DetectFaces(scene.Frame);
                var results = aligned.Classify(scene.Frame, found);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                var hasLandmarks = found.Any(f => f.Landmarks is not null);
                withLandmarks += hasLandmarks ? 1 : 0;
                var plain = hasLandmarks ? unaligned.Classify(scene.Frame, found) : results;
                var matches = Match(scene.Faces, found);
                var unmatched = found.Length - matches.Count(m => m >= 0);
                falsePositives += unmatched;
                falsePositivesFree += scene.Faces.Count == 0 ? unmatched : 0;
                for (var k = 0; k < scene.Faces.Count; k++)
                {
                    var face = scene.Faces[k];
                    var m = matches[k];
                    foreach (var group in Groups(face, scene))
                    {
                        var t = tally.TryGetValue(group, out var existing) ? existing : tally[group] = new Tally();
                        t.Faces++;
                        if (m >= 0)
                        {
                            t.Found++;
                            t.Correct += (int)results[m].Scores.Top == face.Label ? 1 : 0;
                            t.CorrectUnaligned += (int)plain[m].Scores.Top == face.Label ? 1 : 0;
                        }
                    }
                }

                if (annotateDir is not null && i < settings.AnnotateCount)
                {
                    Annotate(annotateDir, i, scene, results);
                }
            }

            times.Sort();
            var all = tally.GetValueOrDefault("all") ?? new Tally();
            var faceFree = scenes.Count(s => s.Faces.Count == 0);
            return new SceneBenchResult(
                options.Detector,
                options.DetectionSideWith(room: true),
                options.ScoreThreshold,
                options.RotatedPasses,
                all.Faces,
                all.Recall,
                all.Accuracy,
                withLandmarks > 0 ? all.AccuracyUnaligned : null,
                (double)falsePositives / scenes.Count,
                faceFree == 0 ? 0 : (double)falsePositivesFree / faceFree,
                P(times, 0.5),
                P(times, 0.99),
                GroupNames.Select(g => tally.GetValueOrDefault(g) ?? new Tally()).Select((t, j) => new SceneGroupResult(GroupNames[j], t.Faces, t.Recall, t.Accuracy)).ToArray());
        }
        finally
        {
            (detector as IDisposable)?.Dispose();
        }
    }

    private static readonly string[] GroupNames = ["size 40-80", "size 80-140", "size 140-240", "roll 0-10", "roll 10-25", "dark", "normal", "bright"];

    private static IEnumerable<string> Groups(SceneFace face, Scene scene)
    {
        yield return "all";
        yield return face.Side < 80 ? GroupNames[0] : face.Side < 140 ? GroupNames[1] : GroupNames[2];
        yield return Math.Abs(face.Rotation) < 10 ? GroupNames[3] : GroupNames[4];
        yield return scene.Lighting;
    }

    /// <summary>
    /// For each true face, the index of the detection that finds it, or −1: a detection whose centre lies in the face
    /// and whose size (√(w·h)) is 0.5–2× the face's side; larger faces choose first, each detection counts once.
    /// </summary>
    internal static int[] Match(IReadOnlyList<SceneFace> faces, IReadOnlyList<DetectedFace> found)
    {
        var matches = Enumerable.Repeat(-1, faces.Count).ToArray();
        var used = new bool[found.Count];
        foreach (var k in Enumerable.Range(0, faces.Count).OrderByDescending(k => faces[k].Side))
        {
            var face = faces[k];
            var best = -1;
            var bestDistance = double.MaxValue;
            for (var j = 0; j < found.Count; j++)
            {
                var box = found[j].Box;
                var size = Math.Sqrt((double)box.Width * box.Height);
                var distance = Math.Abs(box.CenterX - face.CentreX) + Math.Abs(box.CenterY - face.CentreY);
                if (!used[j] && face.Contains(box.CenterX, box.CenterY) && size >= face.Side * 0.5 && size <= face.Side * 2 && distance < bestDistance)
                {
                    best = j;
                    bestDistance = distance;
                }
            }

            if (best >= 0)
            {
                used[best] = true;
                matches[k] = best;
            }
        }

        return matches;
    }

    private static void Annotate(string dir, int index, Scene scene, IReadOnlyList<FaceResult> results)
    {
        Directory.CreateDirectory(dir);
        using var canvas = scene.Frame.Clone();
        foreach (var face in scene.Faces)
        {
            var corners = face.Corners().Select(c => new Point((int)Math.Round(c.X), (int)Math.Round(c.Y))).ToArray();
            Cv2.Polylines(canvas, [corners], true, new Scalar(0, 200, 0), 2, LineTypes.AntiAlias);
            Cv2.PutText(canvas, EmotionLabels.Names[face.Label], new Point(corners[3].X, Math.Min(canvas.Height - 4, corners[3].Y + 16)), HersheyFonts.HersheySimplex, 0.5, new Scalar(0, 200, 0), 1, LineTypes.AntiAlias);
        }

        FaceAnnotator.Draw(canvas, results.Select(r => (r.Box, FaceAnnotator.Label(r.Scores))));
        Cv2.ImWrite(Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"scene-{index:D3}.png")), canvas);
    }

    private static double P(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(q * sorted.Count))];

    private sealed class Tally
    {
        public int Faces { get; set; }

        public int Found { get; set; }

        public int Correct { get; set; }

        public int CorrectUnaligned { get; set; }

        public double Recall => Faces == 0 ? double.NaN : (double)Found / Faces;

        public double Accuracy => Faces == 0 ? double.NaN : (double)Correct / Faces;

        public double AccuracyUnaligned => Faces == 0 ? double.NaN : (double)CorrectUnaligned / Faces;
    }
}
