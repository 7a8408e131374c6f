using System.Text.Json;
using EmoTune.Testing;

namespace EmoTune.Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task BenchLoopback_OneStreamForTwoSeconds_ReportsPositiveRoundTripsAndResourceUse()
    {
        var json = Path.Combine(Directory.CreateTempSubdirectory("emotune-cli-loopback-").FullName, "loopback.json");
        try
        {
            var result = await EmoTuneProcess.RunAsync("bench", "loopback", "--faces", SharedData.Fer2013Test, "--seconds", "2", "--streams", "1", "--json", json);

            Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
            Assert.Contains("rtt p50 ms", result.Stdout, StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
            Assert.Equal(15, doc.RootElement.GetProperty("frames_per_second").GetDouble());
            var row = Assert.Single(doc.RootElement.GetProperty("results").EnumerateArray());
            Assert.Equal(1, row.GetProperty("streams").GetInt32());
            var sent = row.GetProperty("sent").GetInt64();
            Assert.True(sent > 0, $"{sent} frames sent");
            Assert.Equal(sent, row.GetProperty("received").GetInt64());
            Assert.Equal(30, sent + row.GetProperty("skipped").GetInt64()); // 15 ticks a second for 2 s: each sent or skipped
            var p50 = row.GetProperty("rtt_p50_ms").GetDouble();
            var p99 = row.GetProperty("rtt_p99_ms").GetDouble();
            Assert.True(p50 > 0 && p99 >= p50, $"p50 {p50}, p99 {p99}");
            Assert.True(row.GetProperty("results_per_second").GetDouble() > 0);
            Assert.Equal(1.0, row.GetProperty("faces_per_result").GetDouble());
            Assert.True(row.GetProperty("working_set_mb").GetDouble() > 0);
            Assert.True(row.GetProperty("gc_heap_mb").GetDouble() > 0);
            Assert.True(row.GetProperty("gc_pause_ms").GetDouble() >= 0);
            Assert.True(row.GetProperty("gc_count").GetInt32() >= 0);
            Assert.True(row.GetProperty("max_queued_work_items").GetInt64() >= 0);
            Assert.Contains("gc pause ms", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(json)!, recursive: true);
        }
    }

    [Fact]
    public async Task BenchScenes_DefaultDetectorOnSmallGeneratedSet_RecallAboveFloorAndFewFalsePositives()
    {
        var dir = Directory.CreateTempSubdirectory("emotune-cli-scenes-").FullName;
        var json = Path.Combine(dir, "scenes.json");
        try
        {
            var result = await EmoTuneProcess.RunAsync(
                "bench", "scenes", "--faces", SharedData.Fer2013Test, "--frames", "40", "--seed", "3", "--detectors", "yunet", "haar-default", "--annotate", dir, "--annotate-count", "2", "--json", json);

            Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
            Assert.Contains("e2e acc", result.Stdout, StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
            var rows = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(["yunet", "haar-default"], rows.Select(r => r.GetProperty("Detector").GetString()));
            var yunet = rows[0];
            var recall = yunet.GetProperty("Recall").GetDouble();
            var accuracy = yunet.GetProperty("Accuracy").GetDouble();

            // Measured 0.72 recall on 400 frames of seed 1 (docs/BENCHMARKS.md, "Scenes"); these 40 frames of seed 3 must keep well above 0.40.
            Assert.True(recall >= 0.40, $"recall {recall}");
            Assert.True(accuracy > 0.2 && accuracy <= recall, $"end-to-end accuracy {accuracy}, recall {recall}");
            Assert.True(yunet.GetProperty("FalsePositivesPerFrame").GetDouble() <= 0.05);
            Assert.True(yunet.GetProperty("AccuracyUnaligned").ValueKind == JsonValueKind.Number);
            Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("AccuracyUnaligned").ValueKind);
            Assert.Equal(8, yunet.GetProperty("Groups").GetArrayLength());
            Assert.True(File.Exists(Path.Combine(dir, "scene-000.png")) && File.Exists(Path.Combine(dir, "scene-001.png")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task BenchRecommenderLatency_SmallSyntheticLibrary_ReportsEndToEndAndRankingTimes()
    {
        var json = Path.Combine(Directory.CreateTempSubdirectory("emotune-cli-latency-").FullName, "latency.json");
        try
        {
            var result = await EmoTuneProcess.RunAsync("bench", "recommender", "--latency", "--tracks", "500", "--feedback", "40", "--calls", "60", "--json", json);

            Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
            Assert.Equal(500, doc.RootElement.GetProperty("tracks").GetInt32());
            var rows = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, row =>
            {
                Assert.Equal(60, row.GetProperty("calls").GetInt32());
                var p50 = row.GetProperty("p50_ms").GetDouble();
                Assert.True(p50 > 0 && row.GetProperty("p99_ms").GetDouble() >= p50 && row.GetProperty("max_ms").GetDouble() >= row.GetProperty("p99_ms").GetDouble());
            });
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(json)!, recursive: true);
        }
    }

    [Fact]
    public async Task BenchModelMirror_ShippedModel_MeasuresTheMirrorAveragedClassifier()
    {
        var json = Path.Combine(Directory.CreateTempSubdirectory("emotune-cli-model-").FullName, "model.json");
        try
        {
            var result = await EmoTuneProcess.RunAsync("bench", "model", "--mirror", "--batch", "1", "4", "--seconds", "0.2", "--json", json);

            Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
            Assert.Contains("mirror-averaged", result.Stdout, StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
            Assert.True(doc.RootElement.GetProperty("mirror").GetBoolean());
            var rows = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal([1, 4], rows.Select(r => r.GetProperty("Batch").GetInt32()));
            Assert.All(rows, r => Assert.True(r.GetProperty("Runs").GetInt32() >= 20));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(json)!, recursive: true);
        }
    }

    [Fact]
    public async Task BenchModelArch_UntrainedInt8Layout_TimesItAndDeletesTheTemporaryFile()
    {
        var temp = Directory.CreateTempSubdirectory("emotune-cli-arch-").FullName;
        var json = Path.Combine(temp, "arch.json");
        try
        {
            var before = Directory.GetDirectories(Path.GetTempPath(), "emotune-bench-arch-*").ToHashSet();

            var result = await EmoTuneProcess.RunAsync("bench", "model", "--arch", "vgg-tiny", "--int8", "--batch", "1", "8", "--seconds", "0.2", "--json", json);

            Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
            Assert.Contains("untrained vgg-tiny", result.Stdout, StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
            Assert.Equal("vgg-tiny", doc.RootElement.GetProperty("architecture").GetString());
            Assert.True(doc.RootElement.GetProperty("untrained").GetBoolean());
            Assert.True(doc.RootElement.GetProperty("int8").GetBoolean());
            Assert.True(doc.RootElement.GetProperty("parameters").GetInt64() > 1000);
            Assert.Equal(1_530_080, doc.RootElement.GetProperty("multiplyAdds").GetInt64()); // vgg-tiny by hand: MultiplyAddsTests
            Assert.Contains("1,530,080 multiply-adds per face", result.Stdout, StringComparison.Ordinal);
            var rows = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal([1, 8], rows.Select(r => r.GetProperty("Batch").GetInt32()));
            Assert.All(rows, r => Assert.True(r.GetProperty("P50Ms").GetDouble() > 0));
            Assert.DoesNotContain(Directory.GetDirectories(Path.GetTempPath(), "emotune-bench-arch-*"), d => !before.Contains(d));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task BenchLoopback_OnDeviceClientsOnly_ReportsTheirRoundTripsAsOnDevice()
    {
        var json = Path.Combine(Directory.CreateTempSubdirectory("emotune-cli-loopback-").FullName, "loopback.json");
        try
        {
            var result = await EmoTuneProcess.RunAsync("bench", "loopback", "--faces", SharedData.Fer2013Test, "--seconds", "2", "--streams", "0", "--on-device", "3", "--json", json);

            Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
            var row = Assert.Single(doc.RootElement.GetProperty("results").EnumerateArray());
            Assert.Equal("on-device", row.GetProperty("mode").GetString());
            Assert.Equal(3, row.GetProperty("streams").GetInt32());
            Assert.Equal(90, row.GetProperty("sent").GetInt64() + row.GetProperty("skipped").GetInt64());
            Assert.Equal(row.GetProperty("sent").GetInt64(), row.GetProperty("received").GetInt64());
            Assert.Equal(1.0, row.GetProperty("faces_per_result").GetDouble());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(json)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("--arch nope", "Unknown architecture 'nope'; choose one of: vgg,")]
    [InlineData("--arch efficientnet-b0 --int8", "--int8 supports the vgg family")]
    [InlineData("--int8", "--int8 goes with --arch")]
    [InlineData("--arch vgg-tiny --model models/emotune-fer2013.onnx", "--arch and --model exclude each other")]
    public async Task BenchModelArch_BadCombination_ExitsWithOneClearLine(string args, string expected)
    {
        var result = await EmoTuneProcess.RunAsync(["bench", "model", .. args.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("emotune: error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("loopback", "--fps", "0")]
    [InlineData("loopback", "--faces-per-frame", "4")]
    [InlineData("loopback", "--on-device", "-1")]
    [InlineData("loopback", "--streams", "0")]
    [InlineData("browser", "--face-counts", "4")]
    [InlineData("recommender", "--latency", "--tracks", "0")]
    [InlineData("pipeline", "--detection-side", "10")]
    [InlineData("pipeline", "--rotated-passes", "90")]
    public async Task Bench_OutOfRangeOption_ExitsWithOneClearLine(params string[] args)
    {
        var result = await EmoTuneProcess.RunAsync(["bench", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("emotune: error: --", result.Stderr, StringComparison.Ordinal);
    }
}
