using System.Globalization;
using EmoTune.Core.Emotions;
using EmoTune.Testing;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using EmoTune.Training.Training;

namespace EmoTune.Cli.Tests;

public sealed class TrainCommandTests
{
    [Fact]
    public async Task Train_VggSlim_RestartsWithAvx2ExactlyWhereOneDnnIsWrongAndTrains()
    {
        // vgg-slim's 24-channel layers are the ones oneDNN's AVX-512 kernel got wrong on the 2026-12-02 machine. Where this
        // process finds oneDNN wrong, the CLI must restart itself with ONEDNN_MAX_CPU_ISA=AVX2 and train; elsewhere it must not.
        using var temp = TempFolder.Create();
        CreateDataFolder(temp);

        var wrongHere = !ConvolutionSelfCheck.Ensure().OneDnn;
        var result = await EmoTuneProcess.RunAsync("train", "--data", temp.Path, "--arch", "vgg-slim", "--epochs", "1", "--batch-size", "7", "--out", temp.Combine("run"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(File.Exists(temp.Combine("run", "metrics.csv")), "no metrics.csv: the run did not train");
        Assert.Equal(wrongHere, result.Stderr.Contains("restarting with ONEDNN_MAX_CPU_ISA=AVX2", StringComparison.Ordinal));
        Assert.DoesNotContain("turned libtorch's oneDNN kernels off", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_InitFromEfficientNetExport_StartsFromIt()
    {
        using var temp = TempFolder.Create();
        CreateDataFolder(temp);
        var export = temp.Combine("b0.onnx");
        using (var network = NetworkFactory.Create("efficientnet-b0"))
        {
            OnnxExporter.Export(network, Trainer.SpecFor(new TrainingOptions { Architecture = "efficientnet-b0" }, 48), export);
        }

        var result = await EmoTuneProcess.RunAsync("train", "--data", temp.Path, "--arch", "efficientnet-b0", "--init-from", export, "--epochs", "1", "--batch-size", "7", "--out", temp.Combine("run"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"Initialised efficientnet-b0 from {export}", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.Combine("run", "metrics.csv")), "no metrics.csv: the run did not train");
    }

    [Fact]
    public async Task Train_ResumedQuickExperiment_KeepsItsPerClassSubset()
    {
        // A run started on a stratified subset must go on with the same images, without --per-class given again, and
        // may not be resumed on another subset.
        using var temp = TempFolder.Create();
        CreateDataFolder(temp);
        var run = temp.Combine("run");
        var first = await EmoTuneProcess.RunAsync("train", "--data", temp.Path, "--arch", "vgg-tiny", "--per-class", "1", "--epochs", "1", "--batch-size", "7", "--out", run);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("on 7 images", first.Stdout + first.Stderr, StringComparison.Ordinal);

        var other = await EmoTuneProcess.RunAsync("train", "--data", temp.Path, "--resume", run, "--per-class", "2", "--epochs", "2");
        var resumed = await EmoTuneProcess.RunAsync("train", "--data", temp.Path, "--resume", run, "--epochs", "2");

        Assert.Equal(2, other.ExitCode);
        Assert.Contains("--per-class 2 differs from the resumed run's 1", other.Stderr, StringComparison.Ordinal);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("on 7 images", resumed.Stdout + resumed.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
    }

    /// <summary>train/ and test/ folders of two shared test faces per emotion in <paramref name="temp"/>.</summary>
    private static void CreateDataFolder(TempFolder temp)
    {
        foreach (var split in new[] { "train", "test" })
        {
            foreach (var name in EmotionLabels.Names)
            {
                var folder = Directory.CreateDirectory(temp.Combine(split, name)).FullName;
                foreach (var (source, i) in SharedData.TestImages(name).Take(2).Select((s, i) => (s, i)))
                {
                    File.Copy(source, Path.Combine(folder, i.ToString(CultureInfo.InvariantCulture) + Path.GetExtension(source)));
                }
            }
        }
    }
}
