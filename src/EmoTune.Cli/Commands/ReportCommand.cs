using System.CommandLine;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Reports;
using EmoTune.Training.Training;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune report</c>: the Markdown + PNG report of a training run (also written at the end of <c>train</c>).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Training run folder (with last.json, best.weights, spec.json)", Required = true };
        var data = CliOptions.Data();
        var output = new Option<string?>("--out") { Description = "Report folder (default: <run>/report)" };
        var command = new Command("report", "Write a training run's report: class distribution, curves, confusion matrix, per-class table") { run, data, output };
        command.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var folder = TrainingRun.FromPath(parse.GetValue(run)!);
                var path = Write(folder, parse.GetValue(data)!, parse.GetValue(output), c);
                Console.WriteLine($"wrote {path}");
                return CommandRunner.Ok;
            },
            ct));
        return command;
    }

    internal static string Write(TrainingRun run, string dataPath, string? output, CancellationToken ct, FaceDataset? train = null, FaceDataset? validation = null)
    {
        var state = TrainingState.Load(run.LastState);
        train ??= TrainCommand.Load(dataPath, "train", ct);
        validation ??= TrainCommand.Load(dataPath, "test", ct);
        var statistics = DatasetStatistics.Compute(train, [validation], state.Options.BalanceStrength);
        using var model = ModelLoader.Open(run.BestWeights);
        var report = DatasetPredictor.Evaluate(model, validation, state.Options.ValidationTta, ct: ct);
        return TrainingReport.Write(output ?? Path.Combine(run.Directory, "report"), state, statistics, report, state.Options.ValidationTta);
    }
}
