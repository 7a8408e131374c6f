using EmoTune.Testing;
using EmoTune.Vision.Detection;

namespace EmoTune.Vision.Tests.Detection;

public sealed class DetectorFilesTests
{
    [Theory]
    [InlineData(DetectionOptions.HaarDefault, "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml")]
    [InlineData(DetectionOptions.HaarAlt2, "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml")]
    [InlineData(DetectionOptions.Lbp, "/usr/share/opencv4/lbpcascades/lbpcascade_frontalface_improved.xml")]
    [InlineData("/models/my-cascade.xml", "/models/my-cascade.xml")]
    public void CascadePath_NamedOrExplicit_ResolvesToTheFile(string detector, string expected)
    {
        var options = new DetectionOptions { Detector = detector };

        Assert.Equal(expected, options.CascadePath);
        Assert.False(options.IsYuNet);
    }

    [Fact]
    public void Factory_OnnxPath_ChoosesYuNet()
    {
        Assert.True(new DetectionOptions { Detector = "/models/face_detection_yunet.ONNX" }.IsYuNet);
    }

    [Fact]
    public void Cascade_MissingNamedCascade_ErrorNamesPathAndOpencvData()
    {
        var options = new DetectionOptions { Detector = DetectionOptions.HaarDefault, CascadeDirectory = "/nonexistent/opencv4" };

        var ex = Assert.Throws<FileNotFoundException>(() => FaceDetectorFactory.Create(options));

        Assert.Contains("/nonexistent/opencv4/haarcascades/haarcascade_frontalface_default.xml", ex.Message, StringComparison.Ordinal);
        Assert.Contains("opencv-data", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void YuNet_MissingModel_ErrorNamesPath()
    {
        var options = new DetectionOptions { Detector = "/nonexistent/face_detection_yunet.onnx" };

        var ex = Assert.Throws<FileNotFoundException>(() => FaceDetectorFactory.Create(options));

        Assert.Contains("/nonexistent/face_detection_yunet.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-cascade.xml", "<?xml version=\"1.0\"?><opencv_storage></opencv_storage>")]
    [InlineData("not-a-model.onnx", "not protobuf")]
    public void Create_FileOpenCvCannotLoad_ErrorNamesPath(string fileName, string content)
    {
        using var dir = TempFolder.Create();
        var path = dir.Combine(fileName);
        File.WriteAllText(path, content);

        var ex = Assert.Throws<InvalidDataException>(() => FaceDetectorFactory.Create(new DetectionOptions { Detector = path }));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
