using EmoTune.Training.Data;

namespace EmoTune.Training.Tests.Data;

public sealed class ImageFolderLoaderTests
{
    [Fact]
    public void Load_ClassFolders_ReadsEveryImageWithItsLabelAndExactPixels()
    {
        using var dir = Fixtures.CreateTempFolder();
        Fixtures.WriteSplit(dir.Combine("train"), [2, 1, 0, 3, 0, 0, 1], seedBase: 100);

        var data = DatasetSource.Load(dir.Path, "train");

        Assert.Equal(7, data.Count);
        Assert.Equal([2, 1, 0, 3, 0, 0, 1], data.ClassCounts());
        var first = data.Sources.ToList().FindIndex(s => s.EndsWith("img_00000.png", StringComparison.Ordinal));
        Assert.Equal(Fixtures.CreatePixels(100), data.Image(first).ToArray());
    }

    [Fact]
    public void Load_SplitFolderItself_IsAccepted()
    {
        using var dir = Fixtures.CreateTempFolder();
        Fixtures.WriteSplit(dir.Combine("test"), [1, 1, 1, 1, 1, 1, 1], seedBase: 0);

        var data = DatasetSource.Load(dir.Combine("test"), "ignored");

        Assert.Equal(7, data.Count);
    }

    [Fact]
    public void Load_LargerImage_IsResampledTo48()
    {
        using var dir = Fixtures.CreateTempFolder();
        Fixtures.WritePng(dir.Combine("happy", "big.png"), Enumerable.Repeat((byte)200, 96 * 96).ToArray(), side: 96);

        var data = ImageFolderLoader.Load(dir.Path);

        Assert.All(data.Image(0).ToArray(), p => Assert.Equal(200, p));
    }

    [Fact]
    public void Load_UnknownClassFolder_FailsNamingIt()
    {
        using var dir = Fixtures.CreateTempFolder();
        Fixtures.WriteSplit(dir.Path, [1, 0, 0, 0, 0, 0, 0], seedBase: 0);
        Fixtures.WritePng(dir.Combine("contempt", "x.png"), Fixtures.CreatePixels(5));

        var ex = Assert.Throws<DatasetException>(() => ImageFolderLoader.Load(dir.Path));

        Assert.Contains("unknown class folder 'contempt'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnreadableImage_FailsWithCountAndPath()
    {
        using var dir = Fixtures.CreateTempFolder();
        Fixtures.WriteSplit(dir.Path, [2, 0, 0, 0, 0, 0, 0], seedBase: 0);
        var corrupt = dir.Combine("angry", "corrupt.jpg");
        File.WriteAllBytes(corrupt, [0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02]);

        var ex = Assert.Throws<DatasetException>(() => ImageFolderLoader.Load(dir.Path));

        Assert.Contains("1 unreadable image(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(corrupt, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFolder_FailsAsEmpty()
    {
        using var dir = Fixtures.CreateTempFolder();
        Directory.CreateDirectory(dir.Combine("happy"));

        var ex = Assert.Throws<DatasetException>(() => ImageFolderLoader.Load(dir.Path));

        Assert.Contains("no images found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_FailsNamingIt()
    {
        var ex = Assert.Throws<DatasetException>(() => DatasetSource.Load("/nonexistent/fer", "train"));

        Assert.Contains("/nonexistent/fer: no such file or folder", ex.Message, StringComparison.Ordinal);
    }
}
