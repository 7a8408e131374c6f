using System.Globalization;
using System.Text.Json;
using EmoTune.Core.Emotions;
using EmoTune.Testing;

namespace EmoTune.Cli.Tests;

/// <summary><c>emotune calibrate</c> end to end: the shipped model on 140 PublicTest faces (20 per class).</summary>
public sealed class CalibrateCommandTests
{
    [Fact]
    public async Task Calibrate_WithOut_WritesTheFittedTemperatureIntoTheCopy_AndAccuracyStaysTheSame()
    {
        using var temp = TempFolder.Create();
        var data = CopyFaces(temp.Path, perClass: 20);
        var calibrated = Path.Combine(temp.Path, "calibrated.onnx");
        var report = Path.Combine(temp.Path, "calibration.json");

        var result = await EmoTuneProcess.RunAsync("calibrate", "--model", SharedData.ShippedModel, "--data", data, "--out", calibrated, "--json", report);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("140 images, single pass; ECE over 15 bins", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("two-fold check", result.Stdout, StringComparison.Ordinal);
        using var fit = JsonDocument.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken));
        var temperature = fit.RootElement.GetProperty("temperature").GetDouble();
        Assert.Equal(140, fit.RootElement.GetProperty("images").GetInt32());
        Assert.Equal(1.0, fit.RootElement.GetProperty("current_temperature").GetDouble());
        Assert.InRange(temperature, 0.05, 20);
        Assert.True(fit.RootElement.GetProperty("nll").GetDouble() <= fit.RootElement.GetProperty("current_nll").GetDouble());
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"with temperature {temperature:F4}"), result.Stdout, StringComparison.Ordinal);

        using var spec = JsonDocument.Parse(await File.ReadAllTextAsync(calibrated + ".json", TestContext.Current.CancellationToken));
        Assert.Equal(temperature, spec.RootElement.GetProperty("temperature").GetDouble(), 4);
        using var shipped = JsonDocument.Parse(await File.ReadAllTextAsync(SharedData.ShippedModel + ".json", TestContext.Current.CancellationToken));
        Assert.False(shipped.RootElement.TryGetProperty("temperature", out _), "the model calibrated is left as it was");

        var before = await EvaluateAsync(SharedData.ShippedModel, data, Path.Combine(temp.Path, "before.json"));
        var after = await EvaluateAsync(calibrated, data, Path.Combine(temp.Path, "after.json"));
        Assert.Equal(before.GetProperty("accuracy").GetDouble(), after.GetProperty("accuracy").GetDouble());
        Assert.Equal(fit.RootElement.GetProperty("ece").GetDouble(), after.GetProperty("ece").GetDouble(), 4);
    }

    [Fact]
    public async Task Calibrate_RunWeights_IsRefusedWithTheReason()
    {
        using var temp = TempFolder.Create();
        var data = CopyFaces(temp.Path, perClass: 1);

        var result = await EmoTuneProcess.RunAsync("calibrate", "--model", Path.Combine(temp.Path, "best.weights"), "--data", data);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--model must be an exported .onnx", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> EvaluateAsync(string model, string data, string json)
    {
        var result = await EmoTuneProcess.RunAsync("evaluate", "--model", model, "--data", data, "--json", json);
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        return doc.RootElement.Clone();
    }

    /// <summary>The first <paramref name="perClass"/> PublicTest faces of each class, copied into a split folder.</summary>
    private static string CopyFaces(string dir, int perClass)
    {
        var split = Path.Combine(dir, "test");
        foreach (var name in EmotionLabels.Names)
        {
            Directory.CreateDirectory(Path.Combine(split, name));
            foreach (var file in SharedData.TestImages(name).Take(perClass))
            {
                File.Copy(file, Path.Combine(split, name, Path.GetFileName(file)));
            }
        }

        return split;
    }
}
