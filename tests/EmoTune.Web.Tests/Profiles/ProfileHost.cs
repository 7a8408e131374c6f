using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoTune.Music.Catalog;
using EmoTune.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EmoTune.Web.Tests.Profiles;

/// <summary>
/// The web app (on the shared tiny model) with its own database and sign-in setting; several hosts may share one
/// database file to simulate a restart. Clients keep their own cookies, like browsers, and send the page's header.
/// </summary>
internal sealed class ProfileHost : IDisposable
{
    public const string Password = "correct horse battery";
    private static readonly Lazy<IReadOnlyList<Track>> Catalog = new(() => TrackCatalog.LoadEmbedded().Tracks);
    private readonly TempFolder? _folder;

    private ProfileHost(WebApplicationFactory<Program> app, string databasePath, TempFolder? folder)
    {
        App = app;
        DatabasePath = databasePath;
        _folder = folder;
    }

    public WebApplicationFactory<Program> App { get; }

    public string DatabasePath { get; }

    public static IReadOnlyList<Track> Tracks => Catalog.Value;

    public static ProfileHost Create(
        EmoTuneFactory factory,
        string? requireSignIn = "true",
        string? databasePath = null,
        int signInAttemptsPerMinute = 1000,
        string? urls = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var folder = databasePath is null ? TempFolder.Create() : null;
        var path = databasePath ?? folder!.Combine("emotune.db");
        var app = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Music:DatabasePath", path);
            b.UseSetting("Web:RequestsPer10Seconds", "100000");
            b.UseSetting("Web:SignInAttemptsPerMinute", signInAttemptsPerMinute.ToString(CultureInfo.InvariantCulture));
            if (requireSignIn is not null)
            {
                b.UseSetting("Web:RequireSignIn", requireSignIn);
            }

            if (urls is not null)
            {
                b.UseSetting("urls", urls);
            }

            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                b.UseSetting(key, value);
            }
        });
        return new ProfileHost(app, path, folder);
    }

    public HttpClient CreateClient(bool pageHeader = true, bool handleCookies = true)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = handleCookies });
        if (pageHeader)
        {
            client.DefaultRequestHeaders.Add("X-EmoTune", "1");
        }

        return client;
    }

    /// <summary>A client signed in as a new account <paramref name="userName"/>.</summary>
    public async Task<HttpClient> RegisterAsync(string userName) => (await RegisterKeepingCookieAsync(userName)).Client;

    /// <summary>A client signed in as a new account <paramref name="userName"/>, and a copy of its sign-in cookie (<c>name=value</c>).</summary>
    public async Task<(HttpClient Client, string Cookie)> RegisterKeepingCookieAsync(string userName)
    {
        var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/account/register", new { userName, password = Password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (client, SignInCookie(response));
    }

    /// <summary>The <c>name=value</c> of the sign-in cookie a response sets, as a browser would send it back.</summary>
    public static string SignInCookie(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("emotune.auth=", StringComparison.Ordinal)).Split(';')[0];

    public static async Task<HttpResponseMessage> PostFeedbackAsync(HttpClient client, int track, string kind = "like", string emotion = "happy") =>
        await client.PostAsJsonAsync(
            "/api/v1/feedback",
            new { trackId = Tracks[track].Id, emotion, strategy = "match", kind },
            TestContext.Current.CancellationToken);

    public static async Task<JsonElement> HistoryAsync(HttpClient client, string query = "limit=200") =>
        await client.GetFromJsonAsync<JsonElement>("/api/v1/me/history?" + query, TestContext.Current.CancellationToken);

    public static async Task<JsonElement> ExportAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/api/v1/me/data", TestContext.Current.CancellationToken);

    public void Dispose()
    {
        App.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder?.Dispose();
    }
}
