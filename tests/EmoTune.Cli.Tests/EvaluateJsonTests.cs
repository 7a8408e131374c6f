using System.Text.Json;
using EmoTune.Testing;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using EmoTune.Training.Training;
using TorchSharp;

namespace EmoTune.Cli.Tests;

public sealed class EvaluateJsonTests
{
    private static readonly string[] Classes = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

    [Fact]
    public async Task Evaluate_PerturbAll_TableAndJsonOfCleanAndEveryPerturbation()
    {
        using var temp = TempFolder.Create();
        var dir = temp.Path;
        var model = await CreateTinyModelAndSplitAsync(dir);
        var json = Path.Combine(dir, "perturb.json");

        var result = await EmoTuneProcess.RunAsync("evaluate", "--model", model, "--data", Path.Combine(dir, "test"), "--perturb", "all", "--json", json);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("of clean", result.Stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        Assert.Equal(["clean", "dark", "bright", "lowcontrast", "blur", "jpeg", "rotate", "small", "noise"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.All(doc.RootElement.EnumerateObject(), p => Assert.Equal(7, p.Value.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task Evaluate_UnknownPerturbation_UsageError()
    {
        var result = await EmoTuneProcess.RunAsync("evaluate", "--model", "m.onnx", "--data", "/tmp", "--perturb", "fog");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("fog", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_OnnxOnImageFolder_WritesExactlyTheDocumentedJsonFields()
    {
        using var temp = TempFolder.Create();
        var dir = temp.Path;
        var model = await CreateTinyModelAndSplitAsync(dir);
        var json = Path.Combine(dir, "eval.json");
        var result = await EmoTuneProcess.RunAsync("evaluate", "--model", model, "--data", Path.Combine(dir, "test"), "--json", json);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        Assert.Equal(["accuracy", "loss", "macro_f1", "per_class", "confusion", "n", "classes", "ece"], root.EnumerateObject().Select(p => p.Name));
        Assert.InRange(root.GetProperty("ece").GetDouble(), 0, 1);
        Assert.Equal(7, root.GetProperty("n").GetInt32());
        Assert.Equal(Classes, root.GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
        var confusion = root.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        Assert.Equal(7, confusion.Length);
        Assert.All(confusion, row => Assert.Equal(1, row.Sum()));
        Assert.Equal(["precision", "recall", "f1", "support"], root.GetProperty("per_class").GetProperty("sad").EnumerateObject().Select(p => p.Name));
        Assert.True(File.Exists(Path.ChangeExtension(json, ".confusion.png")));
    }

    [Fact]
    public async Task Evaluate_TtaViewsTen_AveragesTenViews()
    {
        using var temp = TempFolder.Create();
        var dir = temp.Path;
        var model = await CreateTinyModelAndSplitAsync(dir);

        var result = await EmoTuneProcess.RunAsync("evaluate", "--model", model, "--data", Path.Combine(dir, "test"), "--tta-views", "10", "--tta-shift", "3");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("test-time views: 10 ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("n 7  accuracy", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ensemble_OfTwoExports_EvaluatesAsTheTwoModelsTogether()
    {
        using var temp = TempFolder.Create();
        var dir = temp.Path;
        var a = await CreateTinyModelAndSplitAsync(dir);
        var b = TinyModel(dir, seed: 2);
        var joined = Path.Combine(dir, "ensemble.onnx");

        var written = await EmoTuneProcess.RunAsync("ensemble", "--models", a, b, "--out", joined);
        Assert.True(written.ExitCode == 0, written.Stderr);
        Assert.Contains("check on 16 random faces", written.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(joined + ".json"));

        var test = Path.Combine(dir, "test");
        var both = await EmoTuneProcess.RunAsync("evaluate", "--model", a, "--model", b, "--data", test, "--json", Path.Combine(dir, "both.json"));
        var file = await EmoTuneProcess.RunAsync("evaluate", "--model", joined, "--data", test, "--json", Path.Combine(dir, "file.json"));
        var first = await EmoTuneProcess.RunAsync("evaluate", "--model", a, "--data", test, "--json", Path.Combine(dir, "a.json"));
        Assert.True(both.ExitCode == 0, both.Stderr);
        Assert.True(file.ExitCode == 0, file.Stderr);
        Assert.Contains("ensemble of 2 models", both.Stdout, StringComparison.Ordinal);

        var ct = TestContext.Current.CancellationToken;
        using var bothJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "both.json"), ct));
        using var fileJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "file.json"), ct));
        using var firstJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "a.json"), ct));
        var loss = bothJson.RootElement.GetProperty("loss").GetDouble();
        Assert.Equal(loss, fileJson.RootElement.GetProperty("loss").GetDouble(), 1e-4);
        Assert.Equal(bothJson.RootElement.GetProperty("confusion").ToString(), fileJson.RootElement.GetProperty("confusion").ToString());
        Assert.NotEqual(loss, firstJson.RootElement.GetProperty("loss").GetDouble(), 1e-4);
    }

    [Fact]
    public async Task Ensemble_OneModel_FailsWithReason()
    {
        using var temp = TempFolder.Create();
        var dir = temp.Path;
        var a = TinyModel(dir, seed: 1);

        var result = await EmoTuneProcess.RunAsync("ensemble", "--models", a, "--out", Path.Combine(dir, "e.onnx"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("at least two", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "e.onnx")));
    }

    /// <summary>Writes <c>test/&lt;class&gt;/a.png</c> (one grey pixel each) and an untrained vgg-tiny ONNX into <paramref name="dir"/>; returns the model path.</summary>
    private static async Task<string> CreateTinyModelAndSplitAsync(string dir)
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==");
        foreach (var name in Classes)
        {
            Directory.CreateDirectory(Path.Combine(dir, "test", name));
            await File.WriteAllBytesAsync(Path.Combine(dir, "test", name, "a.png"), png, TestContext.Current.CancellationToken);
        }

        return TinyModel(dir, seed: 1);
    }

    /// <summary>An untrained vgg-tiny ONNX export with weights from <paramref name="seed"/>; returns its path.</summary>
    private static string TinyModel(string dir, int seed)
    {
        var model = Path.Combine(dir, $"tiny-{seed}.onnx");
        torch.manual_seed(seed);
        using (var network = NetworkFactory.Create("vgg-tiny"))
        {
            network.eval();
            OnnxExporter.Export(network, Trainer.SpecFor(new TrainingOptions { Architecture = "vgg-tiny" }, 48), model);
        }

        return model;
    }
}
