using System.Globalization;

namespace EmoTune.Training.Training;

/// <summary>One row of <c>metrics.csv</c>: what an epoch reached on the training stream and on validation.</summary>
public sealed record EpochMetrics(
    int Epoch,
    double LearningRate,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double ValidationAccuracyTta,
    double ValidationMacroF1,
    double Seconds)
{
    /// <summary>CSV header matching <see cref="ToCsv"/>.</summary>
    public const string CsvHeader = "epoch,lr,train_loss,train_acc,val_loss,val_acc,val_acc_tta,val_macro_f1,seconds";

    /// <summary>The row as invariant CSV.</summary>
    public string ToCsv() => string.Join(
        ',',
        Epoch.ToString(CultureInfo.InvariantCulture),
        LearningRate.ToString("G6", CultureInfo.InvariantCulture),
        TrainLoss.ToString("F5", CultureInfo.InvariantCulture),
        TrainAccuracy.ToString("F5", CultureInfo.InvariantCulture),
        ValidationLoss.ToString("F5", CultureInfo.InvariantCulture),
        ValidationAccuracy.ToString("F5", CultureInfo.InvariantCulture),
        ValidationAccuracyTta.ToString("F5", CultureInfo.InvariantCulture),
        ValidationMacroF1.ToString("F5", CultureInfo.InvariantCulture),
        Seconds.ToString("F1", CultureInfo.InvariantCulture));
}
