using EmoTune.Testing;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoTune.Vision.Tests;

[Collection(LibTorchCollection.Name)]
public sealed class VisionServicesWithModelTests
{
    [Fact]
    public void AddEmoTuneVision_RealModelAndYuNet_OnePipelineThatFindsAndScoresFaces()
    {
        using var dir = TempFolder.Create();
        var faces = Faces.Load();
        try
        {
            using var services = VisionServiceCollectionExtensionsTests.CreateServices(new()
            {
                ["Vision:ModelPath"] = TinyModels.WriteFile(dir.Combine("tiny.onnx")),
                ["Vision:Detection:Detector"] = SharedData.YuNetModel,
            });
            services.GetRequiredService<IStartupValidator>().Validate();
            using var frame = Scenes.Create(faces);

            var pipeline = services.GetRequiredService<EmotionPipeline>();
            var results = pipeline.Process(frame);

            Assert.Same(pipeline, services.GetRequiredService<EmotionPipeline>());
            Assert.Same(services.GetRequiredService<IEmotionClassifier>(), services.GetRequiredService<IEmotionClassifier>());
            Assert.IsType<YuNetFaceDetector>(Assert.IsType<RotatingFaceDetector>(services.GetRequiredService<IFaceDetector>()).Upright);
            Assert.IsType<MirrorAveragingClassifier>(services.GetRequiredService<IEmotionClassifier>());
            Assert.Equal(3, results.Count);
            Assert.All(results, r => Assert.Equal(1.0, r.Scores.Probabilities.Sum(), 1e-5));
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Theory]
    [InlineData("false", typeof(OnnxEmotionClassifier))]
    [InlineData("true", typeof(MirrorAveragingClassifier))]
    public void AddEmoTuneVision_MirrorAverageSetting_ChoosesTheClassifier(string setting, Type expected)
    {
        using var dir = TempFolder.Create();
        using var services = VisionServiceCollectionExtensionsTests.CreateServices(new()
        {
            ["Vision:ModelPath"] = TinyModels.WriteFile(dir.Combine("tiny.onnx")),
            ["Vision:MirrorAverage"] = setting,
        });

        Assert.IsType(expected, services.GetRequiredService<IEmotionClassifier>());
    }
}
