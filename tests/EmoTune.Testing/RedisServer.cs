using System.Diagnostics;

namespace EmoTune.Testing;

/// <summary>
/// A private Redis server for tests (Debian's <c>redis-server</c>): its own port on 127.0.0.1, nothing saved to disk,
/// a child of the test process that is killed on dispose. <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>
/// take it away and bring it back on the same port, for outage tests.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Program = "redis-server";
    private Process? _process;

    private RedisServer(int port) => Port = port;

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string Configuration => FormattableString.Invariant($"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000");

    /// <summary>Starts a new server; fails with a clear message when redis-server is not installed.</summary>
    public static async Task<RedisServer> StartAsync(CancellationToken ct = default)
    {
        var server = new RedisServer(LocalServices.FreePort());
        await server.StartAgainAsync(ct);
        return server;
    }

    /// <summary>Starts the (stopped) server again on the same port, empty.</summary>
    public async Task StartAgainAsync(CancellationToken ct = default)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, Program)).FirstOrDefault(File.Exists)
            ?? (File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : null)
            ?? throw new InvalidOperationException($"These tests need redis-server, which was not found: {LocalServices.BootstrapHint}.");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", Path.GetTempPath() })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await LocalServices.IsListeningAsync(Port, ct))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not start on port {Port}.");
            }

            await Task.Delay(20, ct);
        }
    }

    /// <summary>Kills the server (as a crash would).</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();
}
