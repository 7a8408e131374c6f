using System.Text;
using EmoTune.Music.Spotify;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace EmoTune.Music.Tests.Spotify;

/// <summary>
/// The Spotify services wired as the app wires them, against a WireMock server standing in for accounts.spotify.com
/// (at its root) and api.spotify.com (under /v1), with a temporary database and every log line captured.
/// </summary>
internal sealed class SpotifyHarness : IDisposable
{
    public const string ClientId = "emotunetestclient";
    public const string Profile = "alice";
    public const string RedirectUri = "http://127.0.0.1:5000/api/v1/spotify/callback";
    private static readonly string[] Withdrawn = ["/recommendations", "/audio-features", "/audio-analysis"];
    private readonly TempDirectory _temp = new();
    private readonly ServiceProvider _services;

    public SpotifyHarness(Dictionary<string, string?>? settings = null)
    {
        Server = WireMockServer.Start();
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Music:DatabasePath"] = DatabasePath,
            ["Spotify:ClientId"] = ClientId,
            ["Spotify:RedirectUri"] = RedirectUri,
            ["Spotify:AccountsBaseUrl"] = Server.Url + "/",
            ["Spotify:ApiBaseUrl"] = Server.Url + "/v1/",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        _services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs))
            .AddEmoTuneMusic(config)
            .AddEmoTuneSpotify(config)
            .BuildServiceProvider();
        _services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
    }

    public WireMockServer Server { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public string DatabasePath => _temp.File("emotune.db");

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public SpotifyTokenStore Store => Get<SpotifyTokenStore>();

    public SpotifyClient Client => Get<SpotifyClient>();

    public Task StoreTokensAsync(string access, string refresh, TimeSpan validFor) =>
        Store.SaveAsync(Profile, new SpotifyTokens(access, refresh, DateTimeOffset.UtcNow + validFor, ["user-top-read", "playlist-modify-private"]));

    public void StubJson(string method, string path, int status, string json, string? bearer = null)
    {
        var request = Request.Create().WithPath(path).UsingMethod(method);
        if (bearer is not null)
        {
            request = request.WithHeader("Authorization", "Bearer " + bearer);
        }

        Server.Given(request).RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(json));
    }

    public void StubToken(string access, string? refresh, int expiresIn = 3600) =>
        StubJson("POST", "/api/token", 200, $$"""{"access_token":"{{access}}","token_type":"Bearer","scope":"user-top-read playlist-modify-private","expires_in":{{expiresIn}}{{(refresh is null ? "" : $",\"refresh_token\":\"{refresh}\"")}}}""");

    public IReadOnlyList<WireMock.IRequestMessage> Requests(string method, string path) =>
        Server.LogEntries.Select(e => e.RequestMessage!).Where(r => r.Method == method && r.Path == path).ToList();

    public IReadOnlyList<string> Paths => Server.LogEntries.Select(e => e.RequestMessage!.Path).ToList();

    /// <summary>The database file and its WAL as raw bytes, read while the store may hold them open.</summary>
    public byte[] RawDatabaseBytes()
    {
        SqliteConnection.ClearAllPools();
        var bytes = new List<byte>();
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal" })
        {
            if (File.Exists(file))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                bytes.AddRange(copy.ToArray());
            }
        }

        return bytes.ToArray();
    }

    /// <summary>No withdrawn endpoint was requested and no log line holds any of <paramref name="secrets"/>.</summary>
    public void AssertClean(params string[] secrets)
    {
        var paths = Paths;
        Assert.DoesNotContain(paths, p => Withdrawn.Any(w => p.Contains(w, StringComparison.OrdinalIgnoreCase)));
        Assert.NotEmpty(Logs.Lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    public static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    public void Dispose()
    {
        _services.Dispose();
        Server.Stop();
        Server.Dispose();
        _temp.Dispose();
    }
}
