using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EmoTune.Core;
using EmoTune.Core.Emotions;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Reports;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune evaluate</c>: accuracy, loss, per-class metrics and the confusion matrix of a model on a labelled set.</summary>
internal static class EvaluateCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create()
    {
        var model = new Option<string[]>("--model")
        {
            Description = "Model file: .onnx (with its .onnx.json spec) or a training run's .weights; repeat it to evaluate an ensemble (mean probability)",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var data = CliOptions.Data("Labelled images: a split folder (<class>/*.jpg, like fer2013/test), a dataset root (with --split) or fer2013.csv");
        var split = new Option<string>("--split") { Description = "Split to use when --data is a dataset root or CSV", DefaultValueFactory = _ => "test" };
        var tta = new Option<bool>("--tta") { Description = "Average each image with its horizontal mirror (the same as --tta-views 2)" };
        var views = new Option<int?>("--tta-views")
        {
            HelpName = string.Join('|', TestTimeView.Counts),
            Description = "Average the probabilities of N views: 1 the image; 2 with its mirror; 5 the centre and 4 shifts of --tta-shift px (left, right, up, down); 9 with the diagonals too; 10 and 18 the 5 and 9 each with its mirror (ten-crop style)",
        };
        views.AcceptOnlyFromAmong([.. TestTimeView.Counts.Select(n => n.ToString(CultureInfo.InvariantCulture))]);
        var shift = new Option<int>("--tta-shift") { Description = "Shift of the --tta-views 5, 9, 10 and 18 views, in pixels (edges replicated)", DefaultValueFactory = _ => 2 };
        var scale = new Option<double>("--tta-scale") { Description = "Also average the centre zoomed by 1 - S and 1 + S (mirrored too with an even --tta-views); 0 = off", DefaultValueFactory = _ => 0 };
        var perturb = new Option<string?>("--perturb")
        {
            HelpName = string.Join('|', Perturbation.Names.Append("all")),
            Description = "Evaluate on perturbed images: dark (×0.45), bright (+35 %, clipped), lowcontrast (levels 30–70 %), blur (Gaussian σ 1.5 px at 48 px), jpeg (quality 30), rotate (±15°), small (half size and back), noise (σ 8 grey levels); all: a table of every one against the clean images",
        };
        perturb.AcceptOnlyFromAmong([.. Perturbation.Names, "all"]);
        var json = CliOptions.Json();
        var confusionPng = new Option<string?>("--confusion-png") { Description = "Write the confusion matrix heat map here (default: beside --json, or none)" };
        var command = new Command("evaluate", "Evaluate a model (.onnx or run .weights) on labelled FER2013-style images") { model, data, split, tta, views, shift, scale, perturb, json, confusionPng };
        command.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var testViews = Views(parse.GetValue(tta), parse.GetValue(views), parse.GetValue(shift), parse.GetValue(scale));
                var dataset = TrainCommand.Load(parse.GetValue(data)!, parse.GetValue(split)!, c);
                var paths = parse.GetValue(model)!;
                using var classifier = ModelLoader.Open(paths);
                if (parse.GetValue(perturb) == "all")
                {
                    return PerturbAll(classifier, dataset, testViews, parse.GetValue(json), c);
                }

                if (parse.GetValue(perturb) is { } name)
                {
                    dataset = Perturbation.Apply(dataset, name);
                    Console.WriteLine($"perturbation: {name} (every image; see --help)");
                }

                using var bar = new ConsoleProgressBar("evaluate");
                var report = DatasetPredictor.Evaluate(classifier, dataset, testViews, new SynchronousProgress<int>(n => bar.Update((double)n / dataset.Count, $"{n}/{dataset.Count}")), c);
                bar.Dispose();
                if (paths.Length > 1)
                {
                    Console.WriteLine($"ensemble of {paths.Length} models (probabilities averaged)");
                }

                if (testViews.Count > 1)
                {
                    Console.WriteLine($"test-time views: {testViews.Count} (probabilities averaged)");
                }

                Print(report);
                var jsonPath = parse.GetValue(json);
                if (jsonPath is not null)
                {
                    File.WriteAllText(jsonPath, JsonSerializer.Serialize(report, JsonOptions));
                    Console.WriteLine($"wrote {jsonPath}");
                }

                var png = parse.GetValue(confusionPng) ?? (jsonPath is null ? null : Path.ChangeExtension(jsonPath, ".confusion.png"));
                if (png is not null)
                {
                    Charts.Confusion(report.Confusion, string.Create(CultureInfo.InvariantCulture, $"{string.Join(" + ", paths.Select(Path.GetFileName))}: accuracy {report.Accuracy:P2}"), png);
                    Console.WriteLine($"wrote {png}");
                }

                return CommandRunner.Ok;
            },
            ct));
        return command;
    }

    /// <summary>Clean accuracy, then every perturbation's, as a table: accuracy, its share of the clean accuracy, macro-F1, ECE.</summary>
    private static int PerturbAll(IBatchClassifier classifier, FaceDataset dataset, IReadOnlyList<TestTimeView> views, string? jsonPath, CancellationToken ct)
    {
        var reports = new Dictionary<string, ClassificationReport>(StringComparer.Ordinal);
        foreach (var name in Perturbation.Names.Prepend("clean"))
        {
            using var bar = new ConsoleProgressBar(name);
            var data = name == "clean" ? dataset : Perturbation.Apply(dataset, name);
            reports[name] = DatasetPredictor.Evaluate(classifier, data, views, new SynchronousProgress<int>(n => bar.Update((double)n / data.Count, $"{n}/{data.Count}")), ct);
        }

        var clean = reports["clean"];
        Console.WriteLine($"{"perturbation",-12} {"accuracy",9} {"of clean",9} {"macro-F1",9} {"ECE",7}");
        foreach (var (name, r) in reports)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-12} {r.Accuracy,9:P2} {r.Accuracy / clean.Accuracy,9:P1} {r.MacroF1,9:F4} {r.Ece,7:F4}"));
        }

        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(reports, JsonOptions));
            Console.WriteLine($"wrote {jsonPath}");
        }

        return CommandRunner.Ok;
    }

    /// <summary>The view set the options ask for; <c>--tta</c> is <c>--tta-views 2</c>, and the two may not disagree.</summary>
    internal static IReadOnlyList<TestTimeView> Views(bool tta, int? count, int shift, double scale)
    {
        if (tta && count is not null and not 2)
        {
            throw new ArgumentException($"--tta means --tta-views 2; it contradicts --tta-views {count}.");
        }

        if (shift is < 1 or > 8)
        {
            throw new ArgumentException($"--tta-shift must be 1 to 8 pixels; got {shift}.");
        }

        if (scale is < 0 or >= 0.5)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--tta-scale must be at least 0 and below 0.5; got {scale}."));
        }

        return TestTimeView.Set(count ?? (tta ? 2 : 1), shift, scale);
    }

    internal static void Print(ClassificationReport r)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"n {r.N}  accuracy {r.Accuracy:P2}  loss {r.Loss:F4}  macro-F1 {r.MacroF1:F4}  ECE {r.Ece:F4} (15 bins)"));
        Console.WriteLine();
        Console.WriteLine($"{"class",-10} {"precision",9} {"recall",9} {"f1",9} {"support",8}");
        foreach (var name in EmotionLabels.Names)
        {
            var m = r.PerClass[name];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-10} {m.Precision,9:F3} {m.Recall,9:F3} {m.F1,9:F3} {m.Support,8}"));
        }

        Console.WriteLine();
        Console.WriteLine("confusion (rows = true, columns = predicted)");
        Console.WriteLine($"{"",-10}" + string.Concat(EmotionLabels.Names.Select(n => $" {n[..Math.Min(8, n.Length)],8}")));
        for (var i = 0; i < r.Confusion.Length; i++)
        {
            Console.WriteLine($"{EmotionLabels.Names[i],-10}" + string.Concat(r.Confusion[i].Select(v => string.Create(CultureInfo.InvariantCulture, $" {v,8}"))));
        }
    }
}
