using EmoTune.Core.Moods;
using EmoTune.Music.Catalog;
using EmoTune.Music.Feedback;
using EmoTune.Music.Library;
using EmoTune.Music.Persistence;
using EmoTune.Music.Recommendation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmoTune.Music;

/// <summary>Registers EmoTune's music services.</summary>
public static class MusicServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="MusicOptions"/> (section <c>Music</c>) and <see cref="RecommenderOptions"/>
    /// (section <c>Music:Recommendation</c>), both checked at start-up, and registers the mood table, the embedded
    /// catalogue and the local library (<see cref="LibraryServiceCollectionExtensions.AddEmoTuneLibrary"/>) as <see cref="IMusicSource"/>s, <see cref="StorageOptions"/> (section <c>Storage</c>) and the
    /// <see cref="IEmoTuneDatabase"/> they choose (the SQLite file of <see cref="MusicOptions.DatabasePath"/>, or PostgreSQL), the
    /// <see cref="IFeedbackStore"/> in it (also registered as the <c>feedback</c> <see cref="IProfileDataStore"/>), the
    /// <see cref="Recommender"/> and the <see cref="MusicRecommendationService"/>, all singletons.
    /// </summary>
    public static IServiceCollection AddEmoTuneMusic(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<MusicOptions>()
            .Bind(config.GetSection(MusicOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RecommenderOptions>()
            .Bind(config.GetSection(RecommenderOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<MusicOptions>>().Value.MoodMapPath;
            return string.IsNullOrWhiteSpace(path) ? MoodMap.Default : MoodMap.Load(path);
        });
        services.AddSingleton(_ => TrackCatalog.LoadEmbedded());
        services.AddSingleton<IMusicSource, CatalogMusicSource>();
        services.AddEmoTuneLibrary(config);
        services.AddOptions<StorageOptions>()
            .Bind(config.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IEmoTuneDatabase>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.Provider == StorageProvider.Postgres
                ? new PostgresDatabase(storage.ConnectionString)
                : new SqliteDatabase(sp.GetRequiredService<IOptions<MusicOptions>>().Value.DatabasePath);
        });
        services.AddSingleton<IFeedbackStore>(sp => new SqlFeedbackStore(sp.GetRequiredService<IEmoTuneDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProfileDataStore, FeedbackProfileData>();
        services.AddSingleton(sp => new Recommender(sp.GetRequiredService<MoodMap>(), sp.GetRequiredService<IOptions<RecommenderOptions>>().Value));
        services.AddSingleton<MusicRecommendationService>();
        return services;
    }
}
