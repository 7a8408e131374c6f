using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EmoTune.Core;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Onnx;

namespace EmoTune.Cli.Commands;

/// <summary>
/// <c>emotune calibrate</c>: fits temperature scaling on a labelled set (PublicTest, the set models are selected on) and
/// writes it into the model's spec, so the app's probabilities, and the stable mood built from them, mean what they
/// say. The top emotion, and so accuracy, never changes.
/// </summary>
internal static class CalibrateCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Exported model (.onnx with its spec)", Required = true };
        var data = CliOptions.Data("Labelled images to fit on: a split folder (<class>/*.jpg, like fer2013/test), a dataset root (with --split) or fer2013.csv");
        var split = new Option<string>("--split") { Description = "Split to use when --data is a dataset root or CSV", DefaultValueFactory = _ => "test" };
        var views = new Option<int>("--views")
        {
            Description = "Fit the probabilities of 1 view (a single pass, what evaluate reports) or 2 (averaged with the mirror, what the app shows)",
            DefaultValueFactory = _ => 1,
        };
        views.AcceptOnlyFromAmong("1", "2");
        var output = new Option<string?>("--out") { Description = "Write the calibrated model (and its .json) here; may be --model itself. Without it, only the report" };
        var json = CliOptions.Json();
        var command = new Command("calibrate", "Fit temperature scaling (one number dividing the logits) on labelled images and write it into the model's spec; accuracy is unchanged")
        {
            model, data, split, views, output, json,
        };
        command.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var path = parse.GetValue(model)!;
                if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"--model must be an exported .onnx (a run's .weights has no spec to write into): {path}");
                }

                var dataset = TrainCommand.Load(parse.GetValue(data)!, parse.GetValue(split)!, c);
                using var classifier = ModelLoader.Open(path);
                var old = classifier.Spec.SoftmaxTemperature;
                float[][] logits;
                using (var bar = new ConsoleProgressBar("calibrate"))
                {
                    var set = parse.GetValue(views) == 2 ? TestTimeView.Flip : [TestTimeView.Identity];
                    logits = DatasetPredictor.Logits(classifier, dataset, set, progress: new SynchronousProgress<int>(n => bar.Update((double)n / dataset.Count, $"{n}/{dataset.Count}")), ct: c);
                }

                var result = Calibrate(DatasetPredictor.Labels(dataset), logits, old);

                Print(result, parse.GetValue(views));
                if (parse.GetValue(output) is { } target)
                {
                    var spec = OnnxSpecWriter.Write(path, target, s => s with { Temperature = (float)result.Temperature });
                    using var check = ModelLoader.Open(target);
                    if (check.Spec.Temperature != spec.Temperature)
                    {
                        throw new InvalidDataException($"{target} was written but reads back temperature {check.Spec.Temperature}, not {spec.Temperature}.");
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {target} and {target}.json with temperature {spec.Temperature:F4}"));
                }
                else
                {
                    Console.WriteLine("nothing written: add --out FILE.onnx to write the calibrated model");
                }

                if (parse.GetValue(json) is { } jsonPath)
                {
                    File.WriteAllText(jsonPath, JsonSerializer.Serialize(result, JsonOptions));
                    Console.WriteLine($"wrote {jsonPath}");
                }

                return CommandRunner.Ok;
            },
            ct));
        return command;
    }

    /// <summary>
    /// The fit on all images, and a two-fold check that it is not fitted to the set: a temperature fitted on the even
    /// images scores the odd ones, and the other way round.
    /// </summary>
    internal static CalibrationResult Calibrate(int[] labels, float[][] logits, double current)
    {
        var temperature = TemperatureScaling.Fit(labels, logits);
        int[] even = [.. Enumerable.Range(0, labels.Length).Where(i => i % 2 == 0)], odd = [.. Enumerable.Range(0, labels.Length).Where(i => i % 2 == 1)];
        var onEven = TemperatureScaling.Fit(labels, logits, even);
        var onOdd = TemperatureScaling.Fit(labels, logits, odd);
        return new CalibrationResult(
            labels.Length,
            current,
            TemperatureScaling.NegativeLogLikelihood(labels, logits, current),
            TemperatureScaling.Ece(labels, logits, current),
            temperature,
            TemperatureScaling.NegativeLogLikelihood(labels, logits, temperature),
            TemperatureScaling.Ece(labels, logits, temperature),
            onEven,
            onOdd,
            (TemperatureScaling.Ece(labels, logits, current, odd) + TemperatureScaling.Ece(labels, logits, current, even)) / 2,
            (TemperatureScaling.Ece(labels, logits, onEven, odd) + TemperatureScaling.Ece(labels, logits, onOdd, even)) / 2);
    }

    private static void Print(CalibrationResult r, int views)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Images} images, {(views == 2 ? "each averaged with its mirror" : "single pass")}; ECE over 15 bins"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"",-22} {"temperature",11} {"NLL",8} {"ECE",8}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"now",-22} {r.CurrentTemperature,11:F4} {r.CurrentNll,8:F4} {r.CurrentEce,8:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"fitted",-22} {r.Temperature,11:F4} {r.Nll,8:F4} {r.Ece,8:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"two-fold check: fitted on even images T {r.TemperatureEven:F4}, on odd T {r.TemperatureOdd:F4}; mean ECE on the other half {r.HeldOutEceBefore:F4} before, {r.HeldOutEceAfter:F4} after"));
    }

    /// <summary>What <c>calibrate</c> measured; ECE over 15 bins.</summary>
    internal sealed record CalibrationResult(
        int Images,
        double CurrentTemperature,
        double CurrentNll,
        double CurrentEce,
        double Temperature,
        double Nll,
        double Ece,
        double TemperatureEven,
        double TemperatureOdd,
        double HeldOutEceBefore,
        double HeldOutEceAfter);
}
