using EmoTune.Core.Emotions;
using EmoTune.Music.Recommendation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoTune.Music.Tests;

public sealed class MusicServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static ServiceProvider CreateProvider(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddEmoTuneMusic(config).BuildServiceProvider();
    }

    [Fact]
    public void MissingDatabasePath_FailsAtStartUp_NamingTheKey()
    {
        using var provider = CreateProvider([]);

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("DatabasePath", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OutOfRangeRecommendationOption_FailsAtStartUp_NamingTheKey()
    {
        using var provider = CreateProvider(new() { ["Music:DatabasePath"] = _temp.File("f.db"), ["Music:Recommendation:MaxPerArtist"] = "0" });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("MaxPerArtist", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres", null, "Storage:ConnectionString is required")]
    [InlineData("postgres", "Hots=db;Port=5432", "Storage:ConnectionString is not an Npgsql connection string")]
    [InlineData("mysql", null, "Provider")]
    public void BadStorageSettings_FailAtStartUp_NamingTheKey(string provider, string? connectionString, string expected)
    {
        using var services = CreateProvider(new()
        {
            ["Music:DatabasePath"] = _temp.File("f.db"),
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = connectionString,
        });

        var e = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, typeof(EmoTune.Music.Persistence.SqliteDatabase))]
    [InlineData("sqlite", typeof(EmoTune.Music.Persistence.SqliteDatabase))]
    [InlineData("Postgres", typeof(EmoTune.Music.Persistence.PostgresDatabase))]
    public void StorageProvider_ChoosesTheDatabase(string? provider, Type expected)
    {
        using var services = CreateProvider(new()
        {
            ["Music:DatabasePath"] = _temp.File("f.db"),
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=emotune;Username=emotune",
        });

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType(expected, services.GetRequiredService<EmoTune.Music.Persistence.IEmoTuneDatabase>());
    }

    [Fact]
    public void MissingMoodMapFile_FailsAtStartUp_NamingThePath()
    {
        using var provider = CreateProvider(new() { ["Music:DatabasePath"] = _temp.File("f.db"), ["Music:MoodMapPath"] = _temp.File("nope.json") });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("nope.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedbackStore_IsRegisteredAsTheFeedbackPartOfMyData()
    {
        using var provider = CreateProvider(new() { ["Music:DatabasePath"] = _temp.File("f.db") });
        var service = provider.GetRequiredService<MusicRecommendationService>();
        var track = (await service.RecommendAsync(new RecommendationRequest("alice", Emotion.Sad, MoodStrategy.Lift)))[0].Track;
        await service.RecordAsync("alice", track, Emotion.Sad, MoodStrategy.Lift, EmoTune.Music.Feedback.FeedbackKind.Like);

        var part = Assert.Single(provider.GetServices<EmoTune.Music.Persistence.IProfileDataStore>());

        Assert.Equal("feedback", part.Name);
        Assert.Equal(1, await part.DeleteAsync("alice"));
        Assert.Empty(await provider.GetRequiredService<EmoTune.Music.Feedback.IFeedbackStore>().GetHistoryAsync("alice", 10));
    }

    [Fact]
    public async Task ValidConfiguration_RecommendsFromTheCatalogue()
    {
        using var provider = CreateProvider(new() { ["Music:DatabasePath"] = _temp.File("f.db"), ["Music:Recommendation:ListSize"] = "7" });
        provider.GetRequiredService<IStartupValidator>().Validate();

        var list = await provider.GetRequiredService<MusicRecommendationService>()
            .RecommendAsync(new RecommendationRequest("alice", Emotion.Happy, MoodStrategy.Match));

        Assert.Equal(7, list.Count);
        Assert.All(list, r => Assert.StartsWith("catalog:", r.Track.Id, StringComparison.Ordinal));
        Assert.All(list, r => Assert.StartsWith("matches your happy mood", r.Reason, StringComparison.Ordinal));
    }
}
