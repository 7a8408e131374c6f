using System.Globalization;
using System.Text;
using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using EmoTune.Training.Training;

namespace EmoTune.Training.Reports;

/// <summary>Writes a run's Markdown report with its charts: class distribution, curves, confusion matrix, per-class table.</summary>
public static class TrainingReport
{
    /// <summary>", a `vgg` network pruned/widened to …" when <paramref name="initFrom"/> is an ONNX export of a vgg of other widths; empty otherwise or when it can't be read any more.</summary>
    public static string Resizing(string initFrom, string architecture)
    {
        if (!initFrom.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || !File.Exists(initFrom))
        {
            return "";
        }

        try
        {
            var spec = EmotionModelSpec.FromModel(OnnxModelReader.Read(initFrom).Metadata, initFrom);
            if (spec.Architecture == architecture)
            {
                return "";
            }

            using var net = NetworkFactory.Create(architecture);
            var resize = net is VggNet vgg ? OnnxWeightImporter.Compare(vgg, initFrom) : OnnxWeightImporter.Resize.None;
            return resize == OnnxWeightImporter.Resize.None ? "" : $", a `{spec.Architecture}` network resized to `{architecture}`: {OnnxWeightImporter.Describe(resize)}";
        }
        catch (InvalidDataException)
        {
            return "";
        }
    }

    /// <summary>Writes <c>report.md</c> and PNGs into <paramref name="directory"/>; returns the Markdown path.</summary>
    public static string Write(string directory, TrainingState state, DatasetStatistics statistics, ClassificationReport validation, bool tta)
    {
        Directory.CreateDirectory(directory);
        var charts = statistics.WriteCharts(directory);
        Charts.Curves(state.History, accuracy: true, Path.Combine(directory, "accuracy.png"));
        Charts.Curves(state.History, accuracy: false, Path.Combine(directory, "loss.png"));
        Charts.Confusion(validation.Confusion, string.Create(CultureInfo.InvariantCulture, $"Validation confusion, accuracy {validation.Accuracy:P2}"), Path.Combine(directory, "confusion.png"));

        var o = state.Options;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Training report: {o.Architecture}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Epochs run: {state.Epoch} of {o.Epochs}{(state.Stopped ? " (early stopping)" : "")}; best validation accuracy {state.BestAccuracy:P2} at epoch {state.BestEpoch}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Training time: {TimeSpan.FromSeconds(state.TrainingSeconds):h\\:mm\\:ss} on {Environment.ProcessorCount} cores");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Recipe: {o.Optimizer} lr {o.LearningRate} wd {o.WeightDecay}, {o.Schedule} (warm-up {o.WarmupEpochs} epochs), batch {o.BatchSize}, label smoothing {o.LabelSmoothing}, balance {o.Balance} strength {o.BalanceStrength}, seed {o.Seed}");
        md.AppendLine(o.InitFrom is null ? "- Started from random weights" : $"- Started from the weights of `{o.InitFrom}`{Resizing(o.InitFrom, o.Architecture)}");
        if (o.Teachers is { Count: > 0 } teachers)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Distilled from {string.Join(", ", teachers.Select(t => $"`{t}`"))} ({o.TeacherViews} views per training image, soft-target weight {o.DistillationWeight}; the training loss is the weighted sum)");
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"- Augmentation (training only): {o.Augmentation.Describe()}");
        if (o.CleanEpochs > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Clean epochs (no augmentation) at the end: {o.CleanEpochs}");
        }

        md.AppendLine();
        md.AppendLine("## Class distribution");
        md.AppendLine();
        md.AppendLine("```");
        md.Append(statistics.ToTable());
        md.AppendLine("```");
        md.AppendLine();
        foreach (var chart in charts)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"![{chart}]({chart})");
        }

        md.AppendLine();
        md.AppendLine("## Curves");
        md.AppendLine();
        md.AppendLine("![accuracy](accuracy.png)");
        md.AppendLine("![loss](loss.png)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Best model on validation ({validation.N} images{(tta ? ", flip TTA" : "")})");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Accuracy {validation.Accuracy:P2}, loss {validation.Loss:F4}, macro-F1 {validation.MacroF1:F4}.");
        md.AppendLine();
        md.Append(PerClassTable(validation));
        md.AppendLine();
        md.AppendLine("![confusion](confusion.png)");
        var path = Path.Combine(directory, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    /// <summary>The per-class precision/recall/F1/support table in Markdown.</summary>
    public static string PerClassTable(ClassificationReport r)
    {
        var md = new StringBuilder();
        md.AppendLine("| class | precision | recall | F1 | support |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var name in EmotionLabels.Names)
        {
            var m = r.PerClass[name];
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {m.Precision:F3} | {m.Recall:F3} | {m.F1:F3} | {m.Support} |");
        }

        return md.ToString();
    }
}
