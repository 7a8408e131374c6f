using System.CommandLine;
using System.Globalization;
using EmoTune.Core.Emotions;
using EmoTune.Music;
using EmoTune.Music.Recommendation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune recommend</c>: music for a mood and strategy, with the reason for each track.</summary>
internal static class RecommendCommand
{
    public static Command Create()
    {
        var emotion = new Option<string>("--emotion") { Description = "angry, disgust, fear, happy, sad, surprise or neutral", Required = true };
        var strategy = new Option<MoodStrategy>("--strategy") { Description = "Match, Lift or Calm", DefaultValueFactory = _ => MoodStrategy.Match };
        var limit = new Option<int>("--limit") { Description = "How many tracks", DefaultValueFactory = _ => 10 };
        var step = new Option<int>("--step") { Description = "Lift: tracks of the plan already heard (0 = begin at your mood, the list's first track is then track 1 of 5)", DefaultValueFactory = _ => 0 };
        var database = new Option<string?>("--database") { Description = "Feedback database (default ~/.local/share/emotune/emotune.db)" };
        var command = new Command("recommend", "Recommend music for a mood (match it, lift it or calm it), explained") { emotion, strategy, limit, step, database };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async c =>
            {
                if (!EmotionLabels.TryParse(parse.GetValue(emotion), out var mood))
                {
                    throw new ArgumentException($"--emotion '{parse.GetValue(emotion)}' is not one of {string.Join(", ", EmotionLabels.Names)}.");
                }

                var n = parse.GetValue(limit);
                if (n is < 1 or > 100)
                {
                    throw new ArgumentException($"--limit must be within 1–100, got {n}.");
                }

                var db = parse.GetValue(database) ?? MusicOptions.DefaultDatabasePath;
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(db))!);
                var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Music:DatabasePath"] = db }).Build();
                await using var services = new ServiceCollection().AddLogging().AddEmoTuneMusic(config).BuildServiceProvider();
                var music = services.GetRequiredService<MusicRecommendationService>();
                var list = await music.RecommendAsync(new RecommendationRequest("local", mood.Value, parse.GetValue(strategy)) { Count = n, Step = parse.GetValue(step) }, c);
                for (var i = 0; i < list.Count; i++)
                {
                    var t = list[i].Track;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1,2}. {t.Artist} — {t.Title} ({t.Year}, {t.Genre}; valence {t.Valence:0.00}, energy {t.Energy:0.00})"));
                    Console.WriteLine($"    {list[i].Reason}");
                }

                return CommandRunner.Ok;
            },
            ct));
        return command;
    }
}
