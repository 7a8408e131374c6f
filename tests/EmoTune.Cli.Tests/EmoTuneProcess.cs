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
        // A guard against a hung command, not a speed check: on a loaded 2-core machine (a CI run beside other work) a
        // bench scenes or a short train took over 2 minutes.
        var limit = TimeSpan.FromMinutes(5);
        using var timeout = new CancellationTokenSource(limit);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"emotune {string.Join(' ', args)} did not finish within {limit.TotalMinutes} minutes; killed.");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
