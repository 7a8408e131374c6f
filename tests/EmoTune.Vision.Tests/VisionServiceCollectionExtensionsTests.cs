using EmoTune.Testing;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;
using EmoTune.Vision.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoTune.Vision.Tests;

public sealed class VisionServiceCollectionExtensionsTests
{
    [Fact]
    public void AddEmoTuneVision_NoModelPath_StartupFailsNamingTheKey()
    {
        using var services = CreateServices([]);

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Vision:ModelPath is required", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEmoTuneVision_ModelFileMissing_StartupFailsNamingKeyAndPath()
    {
        using var services = CreateServices(new() { ["Vision:ModelPath"] = "/nonexistent/emotune.onnx" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Vision:ModelPath", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/emotune.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("corrupt")]
    public void AddEmoTuneVision_YuNetModelMissingOrCorrupt_StartupFailsNamingTheFile(string problem)
    {
        using var dir = TempFolder.Create();
        var model = dir.Combine("face_detection_yunet.onnx");
        if (problem == "corrupt")
        {
            File.WriteAllText(model, "not an onnx model");
        }

        using var services = CreateServices(new()
        {
            ["Vision:ModelPath"] = StandInModel(dir),
            ["Vision:Detection:Detector"] = model,
        });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Vision:Detection:Detector", ex.Message, StringComparison.Ordinal);
        Assert.Contains(model, ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem == "missing" ? "does not exist" : "cannot load", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void AddEmoTuneVision_Defaults_ShippedYuNetAt640WithItsMargin()
    {
        using var dir = TempFolder.Create();
        using var services = CreateServices(new() { ["Vision:ModelPath"] = StandInModel(dir) });

        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<VisionOptions>>().Value;

        Assert.True(options.Detection.IsYuNet);
        Assert.True(File.Exists(options.Detection.YuNetPath), options.Detection.YuNetPath);
        Assert.Equal(640, options.Detection.DetectionSide);
        Assert.Equal(0.12, options.ResolvedCrop.Margin);
        Assert.True(options.ResolvedCrop.Align);
        var rotating = Assert.IsType<RotatingFaceDetector>(services.GetRequiredService<IFaceDetector>());
        Assert.IsType<YuNetFaceDetector>(rotating.Upright); // turned ±20° while at most 2 streams are live
        Assert.Equal(20, options.Detection.RotatedPasses);
        Assert.Equal(2, options.Detection.RotatedPassesMaxStreams);
    }

    [Fact]
    public void AddEmoTuneVision_CascadesMissing_StartupFailsNamingOpencvData()
    {
        using var dir = TempFolder.Create();
        using var services = CreateServices(new()
        {
            ["Vision:ModelPath"] = StandInModel(dir),
            ["Vision:Detection:Detector"] = "haar-default",
            ["Vision:Detection:CascadeDirectory"] = "/nonexistent/opencv4",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Vision:Detection:Detector", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/opencv4/haarcascades/haarcascade_frontalface_default.xml", ex.Message, StringComparison.Ordinal);
        Assert.Contains("opencv-data", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Vision:Detection:ScaleFactor", "5", "Vision:Detection")]
    [InlineData("Vision:Crop:Margin", "3", "Vision:Crop")]
    [InlineData("Vision:Tracking:SmoothingAlpha", "0", "Vision:Tracking")]
    [InlineData("Vision:InferenceThreads", "-1", "InferenceThreads")]
    public void AddEmoTuneVision_ValueOutOfRange_StartupFailsNamingTheSection(string key, string value, string named)
    {
        using var dir = TempFolder.Create();
        using var services = CreateServices(new() { ["Vision:ModelPath"] = StandInModel(dir), [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEmoTuneVision_NestedSections_AreBound()
    {
        using var dir = TempFolder.Create();
        using var services = CreateServices(new()
        {
            ["Vision:ModelPath"] = StandInModel(dir),
            ["Vision:Detection:Detector"] = DetectionOptions.Lbp,
            ["Vision:Detection:MinNeighbors"] = "3",
            ["Vision:Crop:Margin"] = "0.15",
            ["Vision:Crop:Clahe"] = "true",
            ["Vision:Tracking:SmoothingAlpha"] = "0.5",
            ["Vision:Tracking:MoodHold"] = "00:00:03",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<VisionOptions>>().Value;

        Assert.Equal(DetectionOptions.Lbp, options.Detection.Detector);
        Assert.Equal(3, options.Detection.MinNeighbors);
        Assert.Equal(0.15, options.Crop.Margin);
        Assert.True(options.Crop.Clahe);
        Assert.Equal(0.5, options.Tracking.SmoothingAlpha);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Tracking.MoodHold);
        Assert.Equal(new DetectionOptions().ScaleFactor, options.Detection.ScaleFactor);
    }

    [Fact]
    public void AddEmoTuneVision_TrackersAndMoods_AreNewForEachStream()
    {
        using var dir = TempFolder.Create();
        using var services = CreateServices(new() { ["Vision:ModelPath"] = StandInModel(dir) });

        Assert.NotSame(services.GetRequiredService<FaceTracker>(), services.GetRequiredService<FaceTracker>());
        Assert.NotSame(services.GetRequiredService<StableMood>(), services.GetRequiredService<StableMood>());
    }

    internal static ServiceProvider CreateServices(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddEmoTuneVision(config).BuildServiceProvider(validateScopes: true);
    }

    /// <summary>A file that exists where a model is expected: enough for start-up validation, which checks paths only.</summary>
    private static string StandInModel(TempFolder dir)
    {
        var path = dir.Combine("stand-in.onnx");
        File.WriteAllText(path, "checked for existence only");
        return path;
    }
}
