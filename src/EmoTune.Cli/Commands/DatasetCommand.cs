using System.CommandLine;
using EmoTune.Training.Data;
using EmoTune.Training.Reports;

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
        return new Command("dataset", "Dataset tools") { stats };
    }
}
