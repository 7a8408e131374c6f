using System.Diagnostics.Metrics;
using System.Net;
using System.Threading.RateLimiting;
using EmoTune.Music;
using EmoTune.Vision.Inference;
using EmoTune.Web.Metrics;
using EmoTune.Web.Profiles;
using EmoTune.Web.Streaming;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace EmoTune.Web.Hosting;

/// <summary>Registration of the web front end's own services and defaults.</summary>
public static class WebServiceCollectionExtensions
{
    public const string ApiRateLimit = "api";

    /// <summary>Name of the per-client concurrency limit of the local-library audio endpoint.</summary>
    public const string AudioStreamLimit = "audio";

    /// <summary>
    /// Defaults that make a bare start useful and safe: loopback on port 5000, the shipped model, a per-user database.
    /// Anything the user configures (command line, environment, appsettings) wins.
    /// </summary>
    public static void AddEmoTuneDefaults(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var defaults = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(config["urls"]) && string.IsNullOrEmpty(config["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(config["Kestrel:Endpoints:Http:Url"]))
        {
            defaults["urls"] = "http://127.0.0.1:5000";
        }

        if (string.IsNullOrEmpty(config["Vision:ModelPath"]))
        {
            defaults["Vision:ModelPath"] = ShippedModel.Path;
        }

        if (string.IsNullOrEmpty(config["Music:DatabasePath"]))
        {
            defaults["Music:DatabasePath"] = MusicOptions.DefaultDatabasePath;
        }

        config.AddInMemoryCollection(defaults);
        builder.WebHost.UseUrls(config["urls"]!);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var dbDir = Path.GetDirectoryName(config["Music:DatabasePath"]);
        if (!string.IsNullOrEmpty(dbDir))
        {
            Directory.CreateDirectory(dbDir);
        }
    }

    /// <summary>
    /// Options, limits, the front door (security headers, the host check), the allowed host names, rate limiting,
    /// metrics, who may read the diagnostics, problem details and OpenAPI.
    /// </summary>
    public static IServiceCollection AddEmoTuneWeb(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, FrontDoorStartupFilter>());
        services.AddOptions<HostFilteringOptions>().Configure<IConfiguration, IOptions<WebOptions>>((hosts, config, web) =>
        {
            hosts.AllowedHosts = [.. AllowedHostNames.Resolve(web.Value.AllowedHosts, ProfileResolver.ConfiguredUrls(config), AllowedHostNames.OfThisMachine)];
            hosts.IncludeFailureMessage = false;
        });
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<WebOptions>>((kestrel, web) => kestrel.Limits.MaxRequestBodySize = web.Value.MaxRequestBytes);
        services.AddOptions<FormOptions>().Configure<IOptions<WebOptions>>((form, web) =>
        {
            form.MultipartBodyLengthLimit = web.Value.MaxRequestBytes;
            form.ValueCountLimit = 16;
        });
        services.AddSingleton(sp => new FrameDecoder(sp.GetRequiredService<IOptions<WebOptions>>().Value.MaxImagePixels));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PipelineMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PipelineMetrics.MeterName)
            .AddPrometheusExporter(o =>
            {
                // Every scrape reads the counters afresh (as the hand-written endpoint did); the names stay EmoTune's
                // own, without OpenTelemetry's otel_scope_* labels and target_info family.
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
            }));
        // Meters are process-wide and AddMeter picks them by name: another EmoTune app in the process (the tests run
        // many) would count into this one's series and, once disposed, take them away (the exporter then served empty
        // scrapes). Only the instruments of this host's own IMeterFactory are kept.
        services.ConfigureOpenTelemetryMeterProvider(static (sp, metrics) =>
        {
            var own = sp.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => instrument.Meter.Name == PipelineMetrics.MeterName && !ReferenceEquals(instrument.Meter.Scope, own)
                ? MetricStreamConfiguration.Drop
                : null);
        });
        services.AddSingleton<OnDevice.OnDeviceAssets>();
        services.AddSingleton<DiagnosticsAccess>();
        services.TryAddSingleton<IClientConnectionLimiter, ClientConnectionLimiter>();
        services.TryAddSingleton<Replicas.ClientRateLimits>();
        services.TryAddSingleton<Replicas.DependencyHealth>();
        services.AddProblemDetails();

        // Unbindable parameters throw, so that EmoTuneExceptionHandler can say which and why (not a bare 400).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<EmoTuneExceptionHandler>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                if (policy != AudioStreamLimit)
                {
                    context.HttpContext.RequestServices.GetRequiredService<PipelineMetrics>().RecordError(FrameSources.Api, FrameErrorReasons.RateLimited);
                }

                return ValueTask.CompletedTask;
            };
            o.AddPolicy(ApiRateLimit, context => context.RequestServices.GetRequiredService<Replicas.ClientRateLimits>().FixedWindow(
                ApiRateLimit,
                context.Connection.RemoteIpAddress,
                context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.RequestsPer10Seconds,
                TimeSpan.FromSeconds(10)));
            o.AddPolicy(AudioStreamLimit, context => RateLimitPartition.GetConcurrencyLimiter(
                context.Connection.RemoteIpAddress ?? IPAddress.Loopback,
                _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.MaxAudioStreamsPerClient,
                    QueueLimit = 0,
                }));
        });
        services.AddOpenApi();
        return services;
    }
}
