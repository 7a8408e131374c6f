using EmoTune.Music;
using EmoTune.Vision;
using EmoTune.Web.Apis;
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
        builder.Services.AddEmoTuneWeb();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseRateLimiter();
        app.UseEmoTunePage();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthApi();
        app.MapEmotionsApi();
        app.MapRecommendationsApi();
        app.MapLibraryApi();
        app.MapFrameStream();
        app.WarnWhenNotLoopback();
        return app;
    }
}
