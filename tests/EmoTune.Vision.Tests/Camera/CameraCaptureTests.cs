using EmoTune.Testing;
using EmoTune.Vision.Camera;
using OpenCvSharp;

namespace EmoTune.Vision.Tests.Camera;

public sealed class CameraCaptureTests : IDisposable
{
    private readonly TempFolder _folder = TempFolder.Create();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Read_VideoFile_LoopsAtItsOwnFrameRate()
    {
        // Five frames whose brightness says which frame they are: 40, 80, 120, 160, 200.
        var path = _folder.Combine("counting.avi");
        using (var writer = new VideoWriter(path, FourCC.MJPG, 12.5, new Size(160, 120), isColor: true))
        {
            for (var i = 1; i <= 5; i++)
            {
                using var frame = new Mat(120, 160, MatType.CV_8UC3, Scalar.All(40 * i));
                writer.Write(frame);
            }
        }

        using var capture = CameraSource.Parse(path).Open();
        using var read = new Mat();
        var levels = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            Assert.True(capture.Read(read), $"frame {i} was not read");
            levels.Add((int)Math.Round(Cv2.Mean(read).Val0 / 40));
        }

        Assert.Equal((160, 120), (capture.Width, capture.Height));
        Assert.Equal(TimeSpan.FromSeconds(1 / 12.5), capture.FrameInterval);
        Assert.Equal([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2], levels);
    }

    [Fact]
    public void Open_FileThatIsNoVideo_SaysWhatToCheck()
    {
        var path = _folder.Combine("notes.avi");
        File.WriteAllText(path, "no frames here");

        var error = Assert.Throws<CameraUnavailableException>(() => CameraSource.Parse(path).Open());

        Assert.Contains($"video file {path}", error.Message, StringComparison.Ordinal);
        Assert.Contains("MJPG .avi", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_MissingFile_FailValidationNamingTheKeyAndFile()
    {
        var missing = _folder.Combine("gone.avi");
        var options = new CameraOptions { Source = missing };

        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.ErrorMessage == $"Camera:Source: the video file {missing} does not exist (give a device index such as 0, an existing video file or a stream URL).");
    }

    [Fact]
    public void Options_NoSource_AreValidAndOff()
    {
        var options = new CameraOptions();

        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), [], validateAllProperties: true);

        Assert.True(valid);
        Assert.False(options.Enabled);
    }
}
