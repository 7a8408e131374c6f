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

// Ctrl+C and SIGTERM cancel the command's token; `train` then writes a checkpoint where it stopped (a second or two
// for an EfficientNet), so the process is given 30 s before it is ended, not the library's default 2 s.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });

static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result) =>
    result.Parent is System.CommandLine.Parsing.CommandResult parent && parent.Parent is not null ? CommandPath(parent).Append(result.Command.Name) : [result.Command.Name];
