using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EmoTune.Testing;

/// <summary>
/// What the private PostgreSQL and Redis servers of the tests share: free loopback ports, running a program to its
/// end with its output kept for the error message, and the hint when a Debian package is missing.
/// </summary>
public static class LocalServices
{
    /// <summary>The one-line hint every "not installed" failure ends with.</summary>
    public const string BootstrapHint = "run scripts/bootstrap.sh (it installs Debian's postgresql and redis-server)";

    /// <summary>Whether this process runs as root (PostgreSQL's initdb then runs as the <c>postgres</c> user).</summary>
    public static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken ct = default)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="program"/> to its end; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var text = (await output) + (await error);
        return process.ExitCode == 0
            ? text
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {text.Trim()}");
    }
}
