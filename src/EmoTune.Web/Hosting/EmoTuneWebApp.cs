using EmoTune.Music;
using EmoTune.Music.Spotify;
using EmoTune.Vision;
using EmoTune.Web.Apis;
using EmoTune.Web.Profiles;
using EmoTune.Web.Replicas;
using EmoTune.Web.Streaming;

namespace EmoTune.Web.Hosting;

/// <summary>The web app, table of contents: defaults, services, middleware, endpoints. Used by Program and <c>emotune serve</c>.</summary>
public static class EmoTuneWebApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddEmoTuneDefaults();
        builder.Services.AddEmoTuneVision(builder.Configuration);
        builder.Services.AddEmoTuneMusic(builder.Configuration);
        builder.Services.AddEmoTuneSpotify(builder.Configuration);
        builder.Services.AddEmoTuneWeb();
        builder.Services.AddEmoTuneCamera(builder.Configuration);
        builder.Services.AddEmoTuneProfiles();
        builder.Services.AddEmoTuneReplicas(builder.Configuration);

        // Security headers are set ahead of this pipeline, by FrontDoorStartupFilter (AddEmoTuneWeb).
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseByteRangesOnly();
        app.UseEmoTunePage();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.UseDiagnosticsAccess();
        app.UseEmoTuneProfiles();
        app.MapOpenApi("/openapi/{documentName}.json").WithMetadata(new DiagnosticsEndpointAttribute());
        app.MapHealthApi();
        app.MapMetricsApi();
        app.MapEmotionsApi();
        app.MapRecommendationsApi();
        app.MapSpotifyApi();
        app.MapAccountApi();
        app.MapMeApi();
        app.MapLibraryApi();
        app.MapOnDeviceApi();
        app.MapFrameStream();
        app.MapCameraStream();
        app.WarnWhenNotLoopback();
        return app;
    }
}
