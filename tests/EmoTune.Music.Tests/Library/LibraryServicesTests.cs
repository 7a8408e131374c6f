using EmoTune.Core.Emotions;
using EmoTune.Music.Library;
using EmoTune.Music.Recommendation;
using EmoTune.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoTune.Music.Tests.Library;

public sealed class LibraryServicesTests : IDisposable
{
    private readonly TempFolder _temp = TempFolder.Create();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private ServiceProvider CreateProvider(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Music:DatabasePath"] = _temp.Combine("emotune.db") };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        return new ServiceCollection().AddEmoTuneMusic(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
    }

    [Fact]
    public void MissingConfiguredFolder_FailsAtStartUp_NamingIt()
    {
        using var provider = CreateProvider(new() { ["Music:Library:Folders:0"] = _temp.Combine("no-such-music") });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("no-such-music", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScannedTracks_AreRecommended_AndSourcesFilterThem()
    {
        var music = Directory.CreateDirectory(_temp.Combine("music")).FullName;
        await AudioFiles.GenerateAsync(Path.Combine(music, "beat.wav"), AudioFiles.ClickTrack(128), 8, "-metadata", "artist=Local Artist", "-metadata", "title=Local Beat");
        using var provider = CreateProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        await provider.GetRequiredService<LibraryScanner>().ScanAsync(music);
        var service = provider.GetRequiredService<MusicRecommendationService>();

        var local = await service.RecommendAsync(new RecommendationRequest("p", Emotion.Happy, MoodStrategy.Match) { Sources = new HashSet<string> { "local" } });
        var catalog = await service.RecommendAsync(new RecommendationRequest("p", Emotion.Happy, MoodStrategy.Match) { Sources = new HashSet<string> { "catalog" } });

        Assert.Equal("Local Beat", Assert.Single(local).Track.Title);
        Assert.All(catalog, r => Assert.StartsWith("catalog:", r.Track.Id, StringComparison.Ordinal));
        Assert.Contains(provider.GetServices<IMusicSource>(), s => s is LibraryMusicSource);
    }
}
