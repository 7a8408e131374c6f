using EmoTune.Music.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmoTune.Music.Spotify;

/// <summary>Registers the Spotify client.</summary>
public static class SpotifyServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="SpotifyOptions"/> (section <c>Spotify</c>) at start-up; registers ASP.NET Core Data
    /// Protection with its key ring in <c>keys/</c> beside the music database (owner-only permissions), the
    /// <see cref="SpotifyTokenStore"/> (also as an <see cref="IProfileDataStore"/>), the typed HTTP clients (the API client with <see cref="SpotifyResilience"/>'s retries), the token
    /// provider, the track resolver and the playlist service. Call after <c>AddEmoTuneMusic</c>.
    /// </summary>
    public static IServiceCollection AddEmoTuneSpotify(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<SpotifyOptions>()
            .Bind(config.GetSection(SpotifyOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddDataProtection().SetApplicationName("EmoTune");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<MusicOptions>, ILoggerFactory>((keys, music, logs) =>
        {
            // Another registration (PersistKeysTo…) wins; otherwise the keys live beside the database they protect.
            keys.XmlRepository ??= new FileSystemXmlRepository(KeysFolder(music.Value.DatabasePath), logs);
        });

        services.AddSingleton(sp => new SpotifyTokenStore(
            sp.GetRequiredService<IEmoTuneDatabase>(),
            sp.GetRequiredService<IDataProtectionProvider>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SpotifyTokenStore>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProfileDataStore, SpotifyTokenStore>(sp => sp.GetRequiredService<SpotifyTokenStore>()));

        services.AddHttpClient<SpotifyAccountsClient>(Configure);
        services.AddHttpClient<SpotifyClient>().AddSpotifyResilience();
        services.AddSingleton<SpotifyTokenProvider>();
        services.AddSingleton<SpotifyTrackResolver.MatchCache>();
        services.AddTransient<SpotifyTrackResolver>();
        services.AddTransient<SpotifyPlaylistService>();
        return services;
    }

    /// <summary>The Data Protection key folder for a database at <paramref name="databasePath"/>: <c>keys/</c> beside it, owner-only.</summary>
    public static DirectoryInfo KeysFolder(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, "keys");
        return OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(folder)
            : Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void Configure(IServiceProvider services, HttpClient http) =>
        http.Timeout = services.GetRequiredService<IOptions<SpotifyOptions>>().Value.RequestTimeout;
}
