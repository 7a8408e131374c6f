using System.CommandLine;
using System.Globalization;
using System.Text.Json;
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
        var model = CliOptions.Model();
        var data = CliOptions.Data("Labelled images: a split folder (<class>/*.jpg, like fer2013/test), a dataset root (with --split) or fer2013.csv");
        var split = new Option<string>("--split") { Description = "Split to use when --data is a dataset root or CSV", DefaultValueFactory = _ => "test" };
        var tta = new Option<bool>("--tta") { Description = "Average each image with its horizontal mirror" };
        var json = CliOptions.Json();
        var confusionPng = new Option<string?>("--confusion-png") { Description = "Write the confusion matrix heat map here (default: beside --json, or none)" };
        var command = new Command("evaluate", "Evaluate a model (.onnx or run .weights) on labelled FER2013-style images") { model, data, split, tta, json, confusionPng };
        command.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var dataset = TrainCommand.Load(parse.GetValue(data)!, parse.GetValue(split)!, c);
                using var classifier = ModelLoader.Open(parse.GetValue(model)!);
                using var bar = new ConsoleProgressBar("evaluate");
                var report = DatasetPredictor.Evaluate(classifier, dataset, parse.GetValue(tta), new SynchronousProgress<int>(n => bar.Update((double)n / dataset.Count, $"{n}/{dataset.Count}")), c);
                bar.Dispose();
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
                    Charts.Confusion(report.Confusion, string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(parse.GetValue(model))}: accuracy {report.Accuracy:P2}"), png);
                    Console.WriteLine($"wrote {png}");
                }

                return CommandRunner.Ok;
            },
            ct));
        return command;
    }

    internal static void Print(ClassificationReport r)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"n {r.N}  accuracy {r.Accuracy:P2}  loss {r.Loss:F4}  macro-F1 {r.MacroF1:F4}"));
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
