using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EmoTune.Core.Emotions;
using EmoTune.Core.Moods;
using EmoTune.Music.Feedback;
using EmoTune.Music.Persistence;
using EmoTune.Music.Recommendation;
using EmoTune.Music.Simulation;

namespace EmoTune.Cli.Commands;

/// <summary>
/// <c>emotune bench recommender --latency</c>: <see cref="MusicRecommendationService.RecommendAsync"/> end to end (sources,
/// recent plays and mood feedback from a real SQLite store, ranking, diversity, reasons) on a seeded synthetic library,
/// cycling through every mood and strategy; the ranking alone (<see cref="Recommender.Recommend"/>) is measured apart.
/// </summary>
internal static class RecommenderLatencyBench
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> RunAsync(int trackCount, int feedbackCount, int calls, int seed, string? jsonPath, CancellationToken ct)
    {
        if (trackCount < 1 || feedbackCount < 0 || calls < 1)
        {
            throw new ArgumentException($"--tracks and --calls must be positive and --feedback not negative, got {trackCount}, {calls}, {feedbackCount}.");
        }

        var library = new SyntheticLibrary(trackCount, seed);
        var folder = Directory.CreateTempSubdirectory("emotune-bench-");
        try
        {
            var store = new SqlFeedbackStore(Path.Combine(folder.FullName, "bench.db"));
            var random = new Random(seed);
            var strategies = Enum.GetValues<MoodStrategy>();
            const string profile = "bench";
            for (var i = 0; i < feedbackCount; i++)
            {
                var track = library.Tracks[random.Next(library.Tracks.Count)];
                var kind = (FeedbackKind)random.Next(3);
                await store.AddAsync(FeedbackEvent.For(profile, track, EmotionLabels.All[random.Next(EmotionLabels.Count)], strategies[random.Next(strategies.Length)], kind, DateTimeOffset.UtcNow), ct);
            }

            var recommender = new Recommender(MoodMap.Default, new RecommenderOptions());
            var service = new MusicRecommendationService([library], store, recommender, TimeProvider.System, new Random(seed));
            var requests = EmotionLabels.All
                .SelectMany(e => strategies.Select(s => new RecommendationRequest(profile, e, s)))
                .ToArray();
            Console.WriteLine($"synthetic library of {trackCount} tracks (seed {seed}), {feedbackCount} feedback events in SQLite, {calls} calls over {requests.Length} mood x strategy requests; {Environment.ProcessorCount} cores");

            for (var i = 0; i < Math.Min(50, calls); i++)
            {
                await service.RecommendAsync(requests[i % requests.Length], ct);
            }

            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var endToEnd = new double[calls];
            for (var i = 0; i < calls; i++)
            {
                var request = requests[i % requests.Length] with { Step = i % 6 };
                var start = Stopwatch.GetTimestamp();
                var list = await service.RecommendAsync(request, ct);
                endToEnd[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (list.Count == 0)
                {
                    throw new InvalidDataException("the recommender returned an empty list.");
                }
            }

            process.Refresh();
            var endToEndCpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / calls;
            var feedback = new Dictionary<Emotion, MoodFeedback>();
            foreach (var emotion in EmotionLabels.All)
            {
                feedback[emotion] = await store.GetMoodFeedbackAsync(profile, emotion, ct);
            }

            process.Refresh();
            cpuBefore = process.TotalProcessorTime;
            var ranking = new double[calls];
            var draws = new Random(seed);
            for (var i = 0; i < calls; i++)
            {
                var request = requests[i % requests.Length] with { Step = i % 6 };
                var start = Stopwatch.GetTimestamp();
                recommender.Recommend(request, library.Tracks, feedback[request.Emotion], draws);
                ranking[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            process.Refresh();
            var rankingCpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / calls;
            var rows = new[] { Summarise("RecommendAsync (end to end)", endToEnd, endToEndCpu), Summarise("Recommender.Recommend (ranking only)", ranking, rankingCpu) };
            Console.WriteLine($"{"what",-38} {"calls",6} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"mean ms",8} {"cpu ms/call",12}");
            foreach (var r in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.What,-38} {r.Calls,6} {r.P50Ms,8:F2} {r.P99Ms,8:F2} {r.MaxMs,8:F2} {r.MeanMs,8:F2} {r.CpuMsPerCall,12:F2}"));
            }

            if (jsonPath is not null)
            {
                var document = new { Date = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture), Cores = Environment.ProcessorCount, Tracks = trackCount, Feedback = feedbackCount, Seed = seed, Results = rows };
                await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(document, JsonOptions), ct);
                Console.WriteLine($"wrote {jsonPath}");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }

        return CommandRunner.Ok;
    }

    private static LatencyRow Summarise(string what, double[] times, double cpuMsPerCall)
    {
        var sorted = times.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
        return new LatencyRow(what, sorted.Length, P(0.5), P(0.99), sorted[^1], sorted.Average(), cpuMsPerCall);
    }

    /// <summary>One measured path; <paramref name="CpuMsPerCall"/> is process CPU time per call, all threads (GC, SQLite, thread pool).</summary>
    private sealed record LatencyRow(string What, int Calls, double P50Ms, double P99Ms, double MaxMs, double MeanMs, double CpuMsPerCall);
}
