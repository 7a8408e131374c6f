using System.Diagnostics;
using System.Runtime.InteropServices;
using EmoTune.Training.Models;

namespace EmoTune.Cli.Commands;

/// <summary>
/// Restarts a training command with <c>ONEDNN_MAX_CPU_ISA=AVX2</c> where libtorch's oneDNN convolutions are wrong at the
/// CPU's full instruction set: <see cref="ConvolutionSelfCheck"/> then has to turn oneDNN off, and training the vgg
/// takes 2.2 s per batch of 64 instead of 0.8 s with oneDNN's AVX2 kernels (2026-12-02, 2-core AMD EPYC with AVX-512).
/// oneDNN reads the variable once, at its first use, so it takes a new process.
/// </summary>
internal static partial class OneDnnRelaunch
{
    private const string Variable = ConvolutionSelfCheck.IsaVariable;
    private const string Message = "emotune: libtorch's oneDNN convolutions are wrong on this CPU at its full instruction set; restarting with ONEDNN_MAX_CPU_ISA=AVX2.";

    /// <summary>
    /// The child's exit code when this process had to restart; null when it can go on itself. Cancelling
    /// <paramref name="ct"/> (this process got Ctrl+C or SIGTERM) sends the child SIGTERM, so that stopping the pid one
    /// started stops the training that runs in the child, which checkpoints where it is and exits.
    /// </summary>
    public static int? IfNeeded(CancellationToken ct = default)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null || ConvolutionSelfCheck.Ensure().OneDnn || Environment.ProcessPath is not { } host)
        {
            return null;
        }

        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(OneDnnRelaunch).Assembly.Location);
        }

        foreach (var argument in Environment.GetCommandLineArgs().Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[Variable] = "AVX2";
        Console.Error.WriteLine(Message);
        using var child = Process.Start(start) ?? throw new IOException($"could not restart {host} with {Variable}=AVX2; set it yourself and run the command again.");

        // Ctrl+C reaches the child too (same process group); `kill PID` of this process reaches it through the token.
        // Either way the child stops at its own pace (a checkpoint first) and this process reports its code.
        using (ct.Register(() => Terminate(child)))
        {
            child.WaitForExit();
        }

        return child.ExitCode;
    }

    private static void Terminate(Process child)
    {
        try
        {
            if (!child.HasExited && (OperatingSystem.IsWindows() || Kill(child.Id, SigTerm) != 0))
            {
                child.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // It has exited in between.
        }
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
