using System.CommandLine;
using EmoTune.Cli.Commands;

var root = new RootCommand("EmoTune: facial emotion recognition that recommends music. Train, evaluate, export, predict, serve and benchmark.")
{
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    ExportCommand.Create(),
    AverageCommand.Create(),
    EnsembleCommand.Create(),
    ReportCommand.Create(),
    DatasetCommand.Create(),
    BenchCommand.Create(),
    ServeCommand.Create(),
    RecommendCommand.Create(),
    PredictCommand.Create(),
    LibraryCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
