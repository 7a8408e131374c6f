using System.CommandLine;
using EmoTune.Training.Data;
using EmoTune.Training.Reports;
using EmoTune.Vision.Detection;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune dataset stats</c>: class counts per split, before and after oversampling, as a table and charts.</summary>
internal static class DatasetCommand
{
    private static readonly string[] OtherSplits = ["test", "private"];

    public static Command Create()
    {
        var data = CliOptions.Data();
        var output = new Option<string>("--out") { Description = "Folder for the bar and pie charts (PNG)", Required = true };
        var strength = new Option<double>("--balance-strength") { Description = "Oversampling strength for the 'after' counts (1 = every class as large as the largest)", DefaultValueFactory = _ => 1.0 };
        var stats = new Command("stats", "Count images per class and split; draw bar and pie charts before and after oversampling") { data, output, strength };
        stats.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var path = parse.GetValue(data)!;
                var train = TrainCommand.Load(path, "train", c);
                var others = new List<FaceDataset>();
                foreach (var split in OtherSplits)
                {
                    if (Directory.Exists(Path.Combine(path, split)) || (File.Exists(path) && split != "train"))
                    {
                        try
                        {
                            others.Add(TrainCommand.Load(path, split, c));
                        }
                        catch (DatasetException) when (File.Exists(path))
                        {
                            // a CSV without that Usage: nothing to count
                        }
                    }
                }

                var s = parse.GetValue(strength);
                if (s is < 0 or > 1)
                {
                    throw new ArgumentException($"--balance-strength must be within 0–1, got {s}.");
                }

                var statistics = DatasetStatistics.Compute(train, others, s);
                Console.Write(statistics.ToTable());
                var outDir = parse.GetValue(output)!;
                var files = statistics.WriteCharts(outDir);
                Console.WriteLine($"wrote {files.Count} charts to {outDir}");
                return CommandRunner.Ok;
            },
            ct));
        var framingData = new Option<string>("--data") { Description = "A folder of FER-style <class>/*.jpg faces (e.g. ../shared/datasets/fer2013/train)", Required = true };
        var limit = new Option<int>("--limit") { Description = "Faces measured, spread evenly over the sorted files", DefaultValueFactory = _ => 4000 };
        var detector = new Option<string>("--detector") { Description = "The YuNet model: yunet (the shipped one) or an .onnx path", DefaultValueFactory = _ => DetectionOptions.YuNet };
        var framing = new Command("framing", "Measure how the dataset's crops frame a face (YuNet landmarks and box as fractions of the crop): the framing live faces are aligned to")
        {
            framingData, limit, detector,
        };
        framing.SetAction((parse, ct) => CommandRunner.Run(
            c => parse.GetValue(limit) <= 0
                ? throw new ArgumentException($"--limit must be positive, got {parse.GetValue(limit)}.")
                : FramingMeasurement.Run(parse.GetValue(framingData)!, parse.GetValue(limit), parse.GetValue(detector)!, c),
            ct));
        return new Command("dataset", "Dataset tools") { stats, framing };
    }
}
