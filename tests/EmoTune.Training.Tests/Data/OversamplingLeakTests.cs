using System.Security.Cryptography;
using EmoTune.Testing;
using EmoTune.Training.Data;
using EmoTune.Training.Reports;
using EmoTune.Training.Training;

namespace EmoTune.Training.Tests.Data;

/// <summary>
/// The original design reported 93% because oversampled duplicates leaked into its validation set. These tests hold
/// the line: splits come from different files, the training stream is drawn from the training split alone, and
/// balancing never changes an evaluation split.
/// </summary>
public sealed class OversamplingLeakTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void Oversampler_SplitBeforeBalancing_NeverLeaksTestImages(double strength)
    {
        using var dir = Fixtures.CreateTempFolder();
        Fixtures.WriteSplit(dir.Combine("train"), [30, 3, 20, 60, 25, 15, 40], seedBase: 0);
        Fixtures.WriteSplit(dir.Combine("test"), [5, 2, 5, 9, 5, 4, 6], seedBase: 1_000_000);
        var train = DatasetSource.Load(dir.Path, "train");
        var test = DatasetSource.Load(dir.Path, "test");
        var testBefore = Hash(test.Pixels);
        var testHashes = ImageHashes(test, Enumerable.Range(0, test.Count));

        var stream = Trainer.TrainingStream(train, new TrainingOptions { Balance = BalanceMode.Oversample, BalanceStrength = strength });

        Assert.True(stream.Length > train.Count, "oversampling should add repeats");
        Assert.All(stream, i => Assert.InRange(i, 0, train.Count - 1));
        Assert.Empty(ImageHashes(train, stream).Intersect(testHashes));
        Assert.True(ImageHashes(train, Enumerable.Range(0, train.Count)).SetEquals(ImageHashes(train, stream)));
        Assert.Equal(testBefore, Hash(test.Pixels));
    }

    [Fact]
    public void Oversampler_Fer2013_AddsNoTestImageBeyondTheDatasetsOwnDuplicates()
    {
        var train = DatasetSource.Load(SharedData.Fer2013, "train");
        var test = DatasetSource.Load(SharedData.Fer2013, "test");
        var testCounts = test.ClassCounts();
        var testHashes = ImageHashes(test, Enumerable.Range(0, test.Count));
        var trainHashes = ImageHashes(train, Enumerable.Range(0, train.Count));

        var stream = Trainer.TrainingStream(train, new TrainingOptions { Balance = BalanceMode.Oversample, BalanceStrength = 1.0 });
        var streamHashes = ImageHashes(train, stream);
        var statistics = DatasetStatistics.Compute(train, [test], 1.0);

        // FER2013 itself has a few hundred PublicTest faces whose pixels also occur in Training; balancing must add none.
        Assert.True(trainHashes.SetEquals(streamHashes));
        Assert.Equal(trainHashes.Intersect(testHashes).Count(), streamHashes.Intersect(testHashes).Count());
        Assert.Equal(7 * train.ClassCounts().Max(), stream.Length);
        Assert.Equal(testCounts, statistics.Splits["test"]);
        Assert.Equal(testCounts, test.ClassCounts());
    }

    private static HashSet<string> ImageHashes(FaceDataset data, IEnumerable<int> indices) =>
        indices.Select(i => Hash(data.Image(i))).ToHashSet(StringComparer.Ordinal);

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes));
}
