using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EmoTune.Core.Emotions;
using EmoTune.Vision.Annotation;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;
using OpenCvSharp;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune predict</c>: the faces in an image (or every image of a folder), their emotions and probabilities.</summary>
internal static class PredictCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "An image (JPEG/PNG) or a folder of them" };
        var model = new Option<string>("--model") { Description = "ONNX emotion model", DefaultValueFactory = _ => ShippedModel.Path };
        var detector = new Option<string>("--detector") { Description = "yunet (the shipped YuNet model, as the web app), haar-default, haar-alt2, lbp, a cascade .xml or a YuNet .onnx", DefaultValueFactory = _ => DetectionOptions.YuNet };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var whole = new Option<bool>("--whole-image") { Description = "Treat each image as one face crop (e.g. FER2013's 48x48 faces) instead of detecting faces" };
        var noMirror = new Option<bool>("--no-mirror") { Description = "One pass per face; by default each face's probabilities are averaged with its mirror's, as in the web app" };
        var annotate = new Option<string?>("--annotate") { Description = "Write the image(s) with boxes and labels here (a file for one image, a folder for a folder)" };
        var command = new Command("predict", "Find the faces in images and recognise their emotions") { path, model, detector, whole, noMirror, json, annotate };
        command.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var input = parse.GetValue(path)!;
                var files = File.Exists(input)
                    ? [input]
                    : Directory.Exists(input)
                        ? Directory.EnumerateFiles(input).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToArray()
                        : throw new FileNotFoundException($"{input}: no such image or folder.", input);
                if (files.Length == 0)
                {
                    throw new FileNotFoundException($"{input}: no .jpg or .png images in this folder.", input);
                }

                var classifier = EmotionClassifiers.Open(parse.GetValue(model)!, !parse.GetValue(noMirror));
                using var owner = classifier as IDisposable;
                var detection = new DetectionOptions { Detector = parse.GetValue(detector)! };
                var faceDetector = FaceDetectorFactory.Create(detection);
                try
                {
                    var pipeline = new EmotionPipeline(faceDetector, classifier, new FaceCropOptions { Margin = detection.DefaultCropMargin });
                    var decoder = new FrameDecoder();
                    var annotateTo = parse.GetValue(annotate);
                    var results = new List<ImageResult>();
                    var written = new List<string>();
                    var failures = 0;
                    foreach (var file in files)
                    {
                        c.ThrowIfCancellationRequested();
                        try
                        {
                            using var frame = decoder.Decode(File.ReadAllBytes(file));
                            var faces = parse.GetValue(whole) ? pipeline.Classify(frame, [new Core.Faces.FaceBox(0, 0, frame.Width, frame.Height)]) : pipeline.Process(frame);
                            results.Add(new ImageResult(file, frame.Width, frame.Height, faces.Select(f => new FaceOut(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height, f.Scores.Top.ToName(), f.Scores.Confidence, EmotionLabels.All.ToDictionary(e => e.ToName(), e => f.Scores[e], StringComparer.Ordinal))).ToList(), null));
                            if (annotateTo is not null)
                            {
                                var target = files.Length == 1 ? annotateTo : Path.Combine(annotateTo, Path.GetFileNameWithoutExtension(file) + ".annotated.jpg");
                                Annotate(frame, faces, target);
                                written.Add(target);
                            }
                        }
                        catch (InvalidImageException ex)
                        {
                            failures++;
                            results.Add(new ImageResult(file, 0, 0, [], ex.Message));
                        }
                    }

                    Print(results, parse.GetValue(json));
                    if (written.Count > 0)
                    {
                        // On stderr, so that --json output on stdout stays one JSON document.
                        Console.Error.WriteLine(written.Count == 1 ? $"wrote {written[0]}" : $"wrote {written.Count} annotated images to {annotateTo}");
                    }

                    if (failures > 0)
                    {
                        Console.Error.WriteLine($"emotune: error: {failures} of {files.Length} image(s) could not be read (see above).");
                        return CommandRunner.UserError;
                    }
                }
                finally
                {
                    (faceDetector as IDisposable)?.Dispose();
                }

                return CommandRunner.Ok;
            },
            ct));
        return command;
    }

    private static void Print(List<ImageResult> results, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(results, JsonOptions));
            return;
        }

        foreach (var r in results)
        {
            Console.WriteLine(r.Error is null ? $"{r.File}: {r.Faces.Count} face(s)" : $"{r.File}: {r.Error}");
            foreach (var f in r.Faces)
            {
                var top3 = string.Join(", ", f.Probabilities.OrderByDescending(p => p.Value).Take(3).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:P0}")));
                Console.WriteLine($"  box {f.X},{f.Y} {f.Width}x{f.Height}: {f.Emotion} ({top3})");
            }
        }
    }

    private static void Annotate(Mat frame, IReadOnlyList<FaceResult> faces, string path)
    {
        using var canvas = frame.Clone();
        FaceAnnotator.Draw(canvas, faces.Select(f => (f.Box, FaceAnnotator.Label(f.Scores))));
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        if (!Cv2.ImWrite(path, canvas))
        {
            throw new IOException($"{path}: could not write the annotated image (use .jpg or .png).");
        }
    }

    private sealed record FaceOut(int X, int Y, int Width, int Height, string Emotion, float Confidence, IReadOnlyDictionary<string, float> Probabilities);

    private sealed record ImageResult(string File, int Width, int Height, IReadOnlyList<FaceOut> Faces, string? Error);
}
