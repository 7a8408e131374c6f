using EmoTune.Music.Recommendation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoTune.Music.Library;

/// <summary>Registers the local music library (called by <c>AddEmoTuneMusic</c>).</summary>
public static class LibraryServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="LibraryOptions"/> (section <c>Music:Library</c>) at start-up and registers the
    /// <see cref="SqliteLibraryStore"/> (in <c>Music:DatabasePath</c>), the <see cref="TrackAnalyzer"/>, the
    /// <see cref="LibraryScanner"/>, the <see cref="LibraryAudioLocator"/> and the library as an <see cref="IMusicSource"/>.
    /// </summary>
    public static IServiceCollection AddEmoTuneLibrary(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<LibraryOptions>()
            .Bind(config.GetSection(LibraryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new SqliteLibraryStore(
            sp.GetRequiredService<IOptions<MusicOptions>>().Value.DatabasePath,
            sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new TrackAnalyzer(TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<LibraryOptions>>().Value.ExcerptSeconds)));
        services.AddSingleton<LibraryScanner>();
        services.AddSingleton<LibraryAudioLocator>();
        services.AddSingleton<IMusicSource, LibraryMusicSource>();
        return services;
    }
}
