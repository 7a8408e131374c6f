using System.Globalization;
using EmoTune.Core.Emotions;
using EmoTune.Training.Training;
using ScottPlot;

namespace EmoTune.Training.Reports;

/// <summary>PNG charts for dataset statistics and training reports (ScottPlot, rendered headless).</summary>
public static class Charts
{
    private const int Width = 900;
    private const int Height = 520;

    /// <summary>Bar chart of images per class.</summary>
    public static void ClassBars(IReadOnlyList<int> counts, string title, string path)
    {
        var plot = new Plot();
        var bars = counts.Select((c, i) => new Bar
        {
            Position = i,
            Value = c,
            Label = c.ToString(CultureInfo.InvariantCulture),
            FillColor = Palette(i),
        }).ToArray();
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, counts.Count).Select(i => (double)i).ToArray(), [.. EmotionLabels.Names]);
        plot.Axes.Margins(bottom: 0, top: 0.12);
        plot.Title(title);
        plot.YLabel("images");
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Pie chart of the class shares.</summary>
    public static void ClassPie(IReadOnlyList<int> counts, string title, string path)
    {
        var plot = new Plot();
        var total = Math.Max(1, counts.Sum());
        var slices = counts.Select((c, i) => new PieSlice
        {
            Value = c,
            FillColor = Palette(i),
            Label = string.Create(CultureInfo.InvariantCulture, $"{EmotionLabels.Names[i]} {100.0 * c / total:F1}%"),
            LegendText = EmotionLabels.Names[i],
        }).ToList();
        var pie = plot.Add.Pie(slices);
        pie.SliceLabelDistance = 1.3;
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Title(title);
        plot.SavePng(path, Height, Height);
    }

    /// <summary>Training and validation curves of one metric over epochs.</summary>
    public static void Curves(IReadOnlyList<EpochMetrics> history, bool accuracy, string path)
    {
        var plot = new Plot();
        var epochs = history.Select(h => (double)h.Epoch).ToArray();
        var train = plot.Add.Scatter(epochs, history.Select(h => accuracy ? h.TrainAccuracy : h.TrainLoss).ToArray());
        train.LegendText = accuracy ? "train accuracy (augmented)" : "train loss (augmented, label-smoothed)";
        var val = plot.Add.Scatter(epochs, history.Select(h => accuracy ? h.ValidationAccuracy : h.ValidationLoss).ToArray());
        val.LegendText = accuracy ? "validation accuracy" : "validation loss";
        if (accuracy)
        {
            var tta = plot.Add.Scatter(epochs, history.Select(h => h.ValidationAccuracyTta).ToArray());
            tta.LegendText = "validation accuracy, flip TTA";
        }

        plot.ShowLegend(Alignment.LowerRight);
        plot.XLabel("epoch");
        plot.YLabel(accuracy ? "accuracy" : "cross-entropy");
        plot.Title(accuracy ? "Accuracy" : "Loss");
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Confusion matrix heat map (rows = true class, columns = predicted), row-normalised colours, counts written in.</summary>
    public static void Confusion(int[][] confusion, string title, string path)
    {
        var k = confusion.Length;
        var plot = new Plot();
        var shares = new double[k, k];
        for (var r = 0; r < k; r++)
        {
            var total = Math.Max(1, confusion[r].Sum());
            for (var c = 0; c < k; c++)
            {
                shares[r, c] = (double)confusion[r][c] / total;
            }
        }

        var map = plot.Add.Heatmap(shares);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        for (var r = 0; r < k; r++)
        {
            for (var c = 0; c < k; c++)
            {
                var text = plot.Add.Text(confusion[r][c].ToString(CultureInfo.InvariantCulture), c, k - 1 - r);
                text.LabelFontColor = shares[r, c] > 0.5 ? Colors.Black : Colors.White;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 14;
            }
        }

        var ticks = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, [.. EmotionLabels.Names]);
        plot.Axes.Left.SetTicks(ticks, EmotionLabels.Names.Reverse().ToArray());
        plot.Add.ColorBar(map).Label = "share of the true class";
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.Title(title);
        plot.SavePng(path, Width, Width - 100);
    }

    private static Color Palette(int i) => new ScottPlot.Palettes.Category10().GetColor(i);
}
