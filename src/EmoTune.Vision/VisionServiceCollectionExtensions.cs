using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;
using EmoTune.Vision.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmoTune.Vision;

/// <summary>Registers EmoTune's vision services.</summary>
public static class VisionServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="VisionOptions"/> (section <c>Vision</c>, checked at start-up) and registers one
    /// <see cref="IFaceDetector"/>, one <see cref="IEmotionClassifier"/> (a single cached ONNX session, mirror-averaged unless <c>Vision:MirrorAverage</c> is false) and one
    /// <see cref="EmotionPipeline"/> for the app, and a new <see cref="FaceFollower"/>, <see cref="FaceTracker"/> and <see cref="StableMood"/> for
    /// each camera stream that asks for one.
    /// </summary>
    public static IServiceCollection AddEmoTuneVision(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<VisionOptions>()
            .Bind(config.GetSection(VisionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<LiveStreams>();
        services.AddSingleton<IFaceDetector>(sp => FaceDetectorFactory.Create(Options(sp).Detection, sp.GetRequiredService<LiveStreams>()));
        services.AddSingleton<IEmotionClassifier>(sp => EmotionClassifiers.Open(Options(sp).ModelPath, Options(sp).MirrorAverage, Options(sp).InferenceThreads));
        services.AddSingleton(sp => new EmotionPipeline(
            sp.GetRequiredService<IFaceDetector>(),
            sp.GetRequiredService<IEmotionClassifier>(),
            Options(sp).ResolvedCrop,
            sp.GetService<ILogger<EmotionPipeline>>()));
        services.AddTransient(sp => new FaceTracker(Options(sp).Tracking));
        services.AddTransient(sp => new FaceFollower(sp.GetRequiredService<IFaceDetector>(), Options(sp).Detection, Random.Shared, sp.GetRequiredService<LiveStreams>()));
        services.AddTransient(sp => new StableMood(Options(sp).Tracking.MoodHold));
        return services;
    }

    private static VisionOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<VisionOptions>>().Value;
}
