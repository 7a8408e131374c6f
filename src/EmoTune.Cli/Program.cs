using System.CommandLine;
using EmoTune.Cli.Commands;

var root = new RootCommand("EmoTune: facial emotion recognition that recommends music. Train, evaluate, export, predict, serve and benchmark.")
{
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    CalibrateCommand.Create(),
    ExportCommand.Create(),
    AverageCommand.Create(),
    EnsembleCommand.Create(),
    ReportCommand.Create(),
    DatasetCommand.Create(),
    BenchCommand.Create(),
    ServeCommand.Create(),
    GatewayCommand.Create(),
    RecommendCommand.Create(),
    PredictCommand.Create(),
    LibraryCommand.Create(),
};
var parsed = root.Parse(args);

// A usage error is one line and exit code 2 (the README's promise), not the whole help text.
if (parsed.Errors.Count > 0)
{
    var verb = string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? [] : CommandPath(parsed.CommandResult));
    await Console.Error.WriteLineAsync($"emotune: error: {parsed.Errors[0].Message} Try 'emotune {(verb.Length == 0 ? "" : verb + " ")}--help'.");
    return CommandRunner.UserError;
}

return await parsed.InvokeAsync();

static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result) =>
    result.Parent is System.CommandLine.Parsing.CommandResult parent && parent.Parent is not null ? CommandPath(parent).Append(result.Command.Name) : [result.Command.Name];
