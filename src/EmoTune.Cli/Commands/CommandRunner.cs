using EmoTune.Training.Data;
using Microsoft.Extensions.Logging;

namespace EmoTune.Cli.Commands;

/// <summary>Runs a verb's body and turns expected failures into one clear line on stderr and a non-zero exit code.</summary>
internal static class CommandRunner
{
    public const int Ok = 0;
    public const int UserError = 2;
    public const int Cancelled = 130;

    public static ILoggerFactory CreateLoggerFactory() =>
        LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }).SetMinimumLevel(LogLevel.Information));

    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken ct)
    {
        try
        {
            return await body(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("emotune: cancelled.");
            return Cancelled;
        }
        catch (Exception ex) when (ex is DatasetException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException or NotSupportedException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"emotune: error: {Describe(ex)}");
            return UserError;
        }
    }

    /// <summary>The message for the user: an argument error's " (Parameter 'name')" suffix names a C# parameter, not an option, so it goes.</summary>
    internal static string Describe(Exception ex) =>
        ex is ArgumentException { ParamName: { } name } && ex.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? ex.Message[..^$" (Parameter '{name}')".Length]
            : ex.Message;

    public static Task<int> Run(Func<CancellationToken, int> body, CancellationToken ct) =>
        RunAsync(c => Task.FromResult(body(c)), ct);
}
