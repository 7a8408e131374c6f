using EmoTune.Testing;
using EmoTune.Training.Data;

namespace EmoTune.Training.Tests.Data;

public sealed class Fer2013CsvLoaderTests
{
    private const string Header = "emotion,pixels,Usage";

    [Fact]
    public void Load_KaggleCsv_SplitsByUsageWithPixelsAndLabels()
    {
        using var dir = Fixtures.CreateTempFolder();
        var a = Fixtures.CreatePixels(1);
        var b = Fixtures.CreatePixels(2);
        var c = Fixtures.CreatePixels(3);
        var csv = WriteCsv(dir, Header, Fixtures.CsvLine(3, a, "Training"), Fixtures.CsvLine(0, b, "PublicTest"), Fixtures.CsvLine(6, c, "PrivateTest"));

        var splits = Fer2013CsvLoader.Load(csv);

        Assert.Equal(["private", "test", "train"], splits.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(a, splits["train"].Image(0).ToArray());
        Assert.Equal([3], splits["train"].Labels);
        Assert.Equal([0], splits["test"].Labels);
        Assert.Equal(b, splits["test"].Image(0).ToArray());
        Assert.Equal($"{csv}:4", splits["private"].Sources[0]);
    }

    [Theory]
    [InlineData("wrong pixel count", "3,1 2 3,Training", ":2: 3 pixel values; a 48x48 image needs 2304")]
    [InlineData("label out of range", "7,{pixels},Training", ":2: emotion '7' is not a label 0–6")]
    [InlineData("negative label", "-1,{pixels},Training", ":2: emotion '-1' is not a label 0–6")]
    [InlineData("pixel not a byte", "1,{bad},Training", ":2: pixel 1 '256' is not an integer 0–255")]
    [InlineData("unknown usage", "1,{pixels},Validation", ":2: Usage 'Validation' is not Training, PublicTest or PrivateTest")]
    [InlineData("missing field", "1,{pixels}", ":2: expected 3 fields, found 2")]
    public void Load_MalformedLine_FailsNamingFileAndLine(string scenario, string line, string expected)
    {
        using var dir = Fixtures.CreateTempFolder();
        var pixels = string.Join(' ', Fixtures.CreatePixels(9));
        var text = line.Replace("{pixels}", pixels, StringComparison.Ordinal).Replace("{bad}", "256 " + pixels[(pixels.IndexOf(' ', StringComparison.Ordinal) + 1)..], StringComparison.Ordinal);
        var csv = WriteCsv(dir, Header, text);

        var ex = Assert.Throws<DatasetException>(() => Fer2013CsvLoader.Load(csv));

        Assert.True(ex.Message.Contains(csv + expected, StringComparison.Ordinal), $"{scenario}: {ex.Message}");
    }

    [Fact]
    public void Load_HeaderOnly_FailsAsEmpty()
    {
        using var dir = Fixtures.CreateTempFolder();
        var csv = WriteCsv(dir, Header);

        var ex = Assert.Throws<DatasetException>(() => Fer2013CsvLoader.Load(csv));

        Assert.Contains("no data lines", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongHeader_FailsOnLineOne()
    {
        using var dir = Fixtures.CreateTempFolder();
        var csv = WriteCsv(dir, "label,image");

        var ex = Assert.Throws<DatasetException>(() => Fer2013CsvLoader.Load(csv));

        Assert.StartsWith(csv + ":1:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatasetSource_CsvWithoutRequestedSplit_ListsTheSplitsFound()
    {
        using var dir = Fixtures.CreateTempFolder();
        var csv = WriteCsv(dir, Header, Fixtures.CsvLine(1, Fixtures.CreatePixels(1), "Training"));

        var ex = Assert.Throws<DatasetException>(() => DatasetSource.Load(csv, "test"));

        Assert.Contains("no rows with split 'test' (found: train)", ex.Message, StringComparison.Ordinal);
    }

    private static string WriteCsv(TempFolder dir, params string[] lines)
    {
        var path = dir.Combine("fer2013.csv");
        File.WriteAllLines(path, lines);
        return path;
    }
}
