using System.Globalization;
using System.Net;
using EmoTune.Testing;
using EmoTune.Web.Gateway;
using EmoTune.Web.Hosting;
using EmoTune.Web.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EmoTune.Web.Tests.Replicas;

/// <summary>
/// What <c>scripts/cluster.sh</c> starts, in this process: N real replicas (Kestrel on loopback ports, each its own data
/// folder) on one PostgreSQL database and one Redis, and the YARP gateway in front of them. Clients talk HTTP and
/// WebSockets to <see cref="Gateway"/> as a browser would.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    private readonly List<TempFolder> _folders = [];
    private readonly WebApplication?[] _replicas;
    private WebApplication? _gateway;

    private LoopbackCluster(int count)
    {
        _replicas = new WebApplication?[count];
        ReplicaAddresses = new Uri[count];
    }

    public Uri Gateway { get; private set; } = null!;

    public IReadOnlyList<Uri> ReplicaAddresses { get; }

    public static async Task<LoopbackCluster> StartAsync(string modelPath, string postgres, string redis, int replicas = 3)
    {
        var cluster = new LoopbackCluster(replicas);
        var prefix = "c" + Guid.NewGuid().ToString("N")[..8] + ":";
        for (var i = 0; i < replicas; i++)
        {
            var folder = TempFolder.Create();
            cluster._folders.Add(folder);
            var port = LocalServices.FreePort();
            var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
            ((Uri[])cluster.ReplicaAddresses)[i] = address;
            var app = EmoTuneWebApp.Create(
            [
                "--urls=" + address.ToString().TrimEnd('/'),
                "--Vision:ModelPath=" + modelPath,
                "--Music:DatabasePath=" + folder.Combine("emotune.db"),
                "--Storage:Provider=postgres",
                "--Storage:ConnectionString=" + postgres,
                "--Redis:Configuration=" + redis,
                "--Redis:KeyPrefix=" + prefix,
                "--Web:RequireSignIn=true",
                "--Web:RequestsPer10Seconds=100000",
                "--Web:SignInAttemptsPerMinute=1000",
                "--Logging:LogLevel:Default=Warning",
            ]);
            await app.StartAsync(TestContext.Current.CancellationToken);
            cluster._replicas[i] = app;
        }

        var gatewayPort = LocalServices.FreePort();
        cluster.Gateway = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{gatewayPort}"));
        var args = new List<string>
        {
            "--urls=" + cluster.Gateway.ToString().TrimEnd('/'),
            "--Gateway:HealthCheckSeconds=1",
            "--Gateway:HealthCheckTimeoutSeconds=1",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(cluster.ReplicaAddresses.Select((a, i) => string.Create(CultureInfo.InvariantCulture, $"--Gateway:Replicas:{i}={a.ToString().TrimEnd('/')}")));
        cluster._gateway = EmoTuneGateway.Create([.. args]);
        await cluster._gateway.StartAsync(TestContext.Current.CancellationToken);
        return cluster;
    }

    /// <summary>A client of the gateway (or of <paramref name="target"/>) with its own cookies and the page's header.</summary>
    public HttpClient CreateClient(Uri? target = null, CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true }) { BaseAddress = target ?? Gateway };
        client.DefaultRequestHeaders.Add("X-EmoTune", "1");
        return client;
    }

    /// <summary>The replicas still running.</summary>
    public IEnumerable<int> Running => Enumerable.Range(0, _replicas.Length).Where(i => _replicas[i] is not null);

    /// <summary>WebSockets replica <paramref name="index"/> holds open now.</summary>
    public long OpenWebSockets(int index) => _replicas[index]?.Services.GetRequiredService<PipelineMetrics>().OpenWebSockets ?? 0;

    /// <summary>Stops replica <paramref name="index"/> at once, dropping its connections, as a crash would.</summary>
    public async Task KillAsync(int index)
    {
        if (_replicas[index] is { } app)
        {
            _replicas[index] = null;
            await app.StopAsync(new CancellationToken(canceled: true));
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.StopAsync(new CancellationToken(canceled: true));
            await _gateway.DisposeAsync();
        }

        for (var i = 0; i < _replicas.Length; i++)
        {
            await KillAsync(i);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var folder in _folders)
        {
            folder.Dispose();
        }
    }
}
