using System.Diagnostics;

namespace EmoTune.Cli.Tests;

/// <summary>Runs the real <c>emotune</c> CLI (built beside the tests) as a child process.</summary>
internal static class EmoTuneProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "emotune.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the CLI project is not built beside the tests.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
