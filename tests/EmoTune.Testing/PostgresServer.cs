using Npgsql;

namespace EmoTune.Testing;

/// <summary>
/// A private PostgreSQL server for tests, from Debian's <c>postgresql</c> binaries: its own data folder under the temp
/// folder, its own port on 127.0.0.1, trust authentication for the <c>postgres</c> role, no fsync (test data is
/// throw-away). No system service is assumed or touched. As root, initdb and pg_ctl run as the <c>postgres</c> user,
/// since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private bool _running;

    private PostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        Folder = folder;
        Port = port;
    }

    /// <summary>The folder holding the data directory, the socket and the log.</summary>
    public string Folder { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    private string DataDirectory => Path.Combine(Folder, "data");

    /// <summary>Creates and starts a new server; fails with a clear message when PostgreSQL is not installed.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken ct = default)
    {
        var bin = FindBinaries();
        var folder = Path.Combine(Path.GetTempPath(), "emotune-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var server = new PostgresServer(bin, folder, LocalServices.FreePort());
        await RunAsync("mkdir", ["-p", server.DataDirectory], ct, direct: !LocalServices.IsRoot);
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], ct);
        await server.StartAgainAsync(ct);
        return server;
    }

    /// <summary>The connection string of <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,

            // Generous: the test machine may be busy with builds; a slow answer is not what these tests check.
            Timeout = 30,
            CommandTimeout = 120,
        }.ConnectionString;

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken ct = default)
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await command.ExecuteNonQueryAsync(ct);
        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown), keeping its data: <see cref="StartAgainAsync"/> brings it back.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        if (_running)
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], ct);
            _running = false;
        }
    }

    /// <summary>Starts the (stopped) server again on the same port and data.</summary>
    public async Task StartAgainAsync(CancellationToken ct = default)
    {
        var options = $"-p {Port.ToString(System.Globalization.CultureInfo.InvariantCulture)} -k {Folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-l", Path.Combine(Folder, "postgres.log"), "-o", options, "-w", "-t", "60", "start"], ct);
        _running = true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a temp folder left behind is harmless
            }
            catch (UnauthorizedAccessException)
            {
                // owned by the postgres user when we are not root
            }
        }
    }

    private static Task<string> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken ct, bool direct = false) =>
        LocalServices.IsRoot && !direct
            ? LocalServices.RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments], ct)
            : LocalServices.RunAsync(program, arguments, ct);

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException($"These tests need PostgreSQL's initdb and pg_ctl in {root}/<version>/bin, which were not found: {LocalServices.BootstrapHint}.");
    }
}
