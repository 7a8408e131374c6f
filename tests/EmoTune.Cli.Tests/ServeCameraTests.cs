using EmoTune.Testing;

namespace EmoTune.Cli.Tests;

public sealed class ServeCameraTests
{
    [Fact]
    public async Task Serve_CameraFileMissing_ExitsNonZeroNamingIt()
    {
        using var folder = TempFolder.Create();

        var result = await EmoTuneProcess.RunAsync("serve", "--urls", "http://127.0.0.1:0", "--camera", "/nonexistent.avi", $"--Music:DatabasePath={folder.Combine("emotune.db")}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("emotune: error:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Camera:Source: the video file /nonexistent.avi does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_CameraFileNotAVideo_ExitsNonZeroSayingWhatToCheck()
    {
        using var folder = TempFolder.Create();
        var notVideo = folder.Combine("notes.avi");
        await File.WriteAllTextAsync(notVideo, "not frames", TestContext.Current.CancellationToken);

        var result = await EmoTuneProcess.RunAsync("serve", "--urls", "http://127.0.0.1:0", "--camera", notVideo, $"--Music:DatabasePath={folder.Combine("emotune.db")}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"emotune: error: Cannot open video file {notVideo}: check that the file is a video", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_Help_DescribesCamera()
    {
        var result = await EmoTuneProcess.RunAsync("serve", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--camera", result.Stdout, StringComparison.Ordinal);
    }
}
