using EmoTune.Vision.Camera;

namespace EmoTune.Web.Streaming;

/// <summary>Registration of server-camera mode.</summary>
public static class CameraServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="CameraOptions"/> (section <c>Camera</c>) and, when <c>Camera:Source</c> is set,
    /// starts the capture service; the feed (and <c>/api/v1/camera</c>) is always there and says whether it's on.
    /// </summary>
    public static IServiceCollection AddEmoTuneCamera(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<CameraOptions>().BindConfiguration(CameraOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new CameraFeed(TimeProvider.System));
        if (!string.IsNullOrWhiteSpace(config[$"{CameraOptions.SectionName}:{nameof(CameraOptions.Source)}"]))
        {
            services.AddHostedService<CameraService>();
        }

        return services;
    }
}
