using EmoTune.Vision.Camera;

namespace EmoTune.Vision.Tests.Camera;

public sealed class CameraSourceTests
{
    [Theory]
    [InlineData("0", 0, "camera 0 (/dev/video0)")]
    [InlineData(" 2 ", 2, "camera 2 (/dev/video2)")]
    public void Parse_Digits_AreADeviceIndex(string text, int device, string described)
    {
        var source = CameraSource.Parse(text);

        Assert.Equal(device, source.Device);
        Assert.False(source.IsFile);
        Assert.Equal(described, source.ToString());
        Assert.Contains($"/dev/video{device}", source.Advice(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RelativePath_IsAFileMadeAbsolute()
    {
        var source = CameraSource.Parse("clips/demo.avi");

        Assert.True(source.IsFile);
        Assert.Equal(Path.GetFullPath("clips/demo.avi"), source.Path);
        Assert.Contains("does not exist", source.Check(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UrlWithPassword_IsNeverShownWithIt()
    {
        var source = CameraSource.Parse("rtsp://admin:hunter2@192.0.2.7:554/live?token=abc");

        Assert.NotNull(source.Url);
        Assert.Null(source.Check());
        Assert.DoesNotContain("hunter2", source.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("token", source.ToString(), StringComparison.Ordinal);
        Assert.Contains("192.0.2.7:554/live", source.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("123456")]
    public void Parse_EmptyOrHugeIndex_IsRefusedClearly(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => CameraSource.Parse(text));

        Assert.Matches("empty|out of range", error.Message);
    }

    [Fact]
    public void Open_DeviceThatIsNotThere_SaysWhatToCheck()
    {
        var error = Assert.Throws<CameraUnavailableException>(() => CameraSource.Parse("999").Open());

        Assert.Contains("camera 999 (/dev/video999)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'video' group", error.Message, StringComparison.Ordinal);
    }
}
