using System.Text.Json;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using EmoTune.Training.Training;
using TorchSharp;

namespace EmoTune.Cli.Tests;

public sealed class EvaluateJsonTests
{
    private static readonly string[] Classes = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

    [Fact]
    public async Task Evaluate_OnnxOnImageFolder_WritesExactlyTheDocumentedJsonFields()
    {
        var dir = Directory.CreateTempSubdirectory("emotune-cli-eval-").FullName;
        try
        {
            var model = await CreateTinyModelAndSplitAsync(dir);
            var json = Path.Combine(dir, "eval.json");
            var result = await EmoTuneProcess.RunAsync("evaluate", "--model", model, "--data", Path.Combine(dir, "test"), "--json", json);

            Assert.True(result.ExitCode == 0, result.Stderr);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
            var root = doc.RootElement;
            Assert.Equal(["accuracy", "loss", "macro_f1", "per_class", "confusion", "n", "classes"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(7, root.GetProperty("n").GetInt32());
            Assert.Equal(Classes, root.GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
            var confusion = root.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
            Assert.Equal(7, confusion.Length);
            Assert.All(confusion, row => Assert.Equal(1, row.Sum()));
            Assert.Equal(["precision", "recall", "f1", "support"], root.GetProperty("per_class").GetProperty("sad").EnumerateObject().Select(p => p.Name));
            Assert.True(File.Exists(Path.ChangeExtension(json, ".confusion.png")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Evaluate_TtaViewsTen_AveragesTenViews()
    {
        var dir = Directory.CreateTempSubdirectory("emotune-cli-eval-").FullName;
        try
        {
            var model = await CreateTinyModelAndSplitAsync(dir);

            var result = await EmoTuneProcess.RunAsync("evaluate", "--model", model, "--data", Path.Combine(dir, "test"), "--tta-views", "10", "--tta-shift", "3");

            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("test-time views: 10 ", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("n 7  accuracy", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
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

        var model = Path.Combine(dir, "tiny.onnx");
        torch.manual_seed(1);
        using (var network = NetworkFactory.Create("vgg-tiny"))
        {
            network.eval();
            OnnxExporter.Export(network, Trainer.SpecFor(new TrainingOptions { Architecture = "vgg-tiny" }, 48), model);
        }

        return model;
    }
}
