using EmoTune.Web.Hosting;
using EmoTune.Web.Streaming;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EmoTune.Web.Replicas;

/// <summary>What lets several EmoTune processes serve as one: forwarded headers from the gateway, and Redis for what they share.</summary>
public static class ReplicaServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="RedisOptions"/>, the <see cref="DependencyHealth"/> of <c>/health</c>, the <see cref="ClientRateLimits"/>,
    /// and <c>X-Forwarded-For</c>/<c>-Proto</c> believed from loopback and <see cref="WebOptions.TrustedProxies"/>. With
    /// <c>Redis:Configuration</c> set: one <see cref="IConnectionMultiplexer"/> (that starts even while Redis is down and
    /// reconnects by itself), the Data Protection key ring in Redis (so every replica reads every replica's cookies and
    /// Spotify tokens), sign-in sessions in Redis (<see cref="RedisTicketStore"/>) and the per-client limits counted in
    /// Redis (<see cref="RedisConnectionLimiter"/>, <see cref="RedisFixedWindowLimiter"/>). Call after
    /// <see cref="WebServiceCollectionExtensions.AddEmoTuneWeb"/> and the profiles.
    /// </summary>
    public static IServiceCollection AddEmoTuneReplicas(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RedisOptions>().Bind(config.GetSection(RedisOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ClientRateLimits>();
        services.TryAddSingleton<DependencyHealth>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebOptions>>((forwarded, web) =>
        {
            // KnownProxies and KnownNetworks start with loopback (127.0.0.0/8, ::1): the gateway of scripts/cluster.sh.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in web.Value.TrustedProxyAddresses)
            {
                forwarded.KnownProxies.Add(proxy);
            }
        });

        var redis = config.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (!redis.Enabled)
        {
            return services;
        }

        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(redis.Configuration);
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddOptions<KeyManagementOptions>().PostConfigure<IConnectionMultiplexer>((keys, multiplexer) =>
            keys.XmlRepository = new RedisXmlRepository(() => multiplexer.GetDatabase(), redis.KeyPrefix + "data-protection-keys"));
        services.AddSingleton(sp => new RedisTicketStore(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<IDataProtectionProvider>(), redis.KeyPrefix, sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .PostConfigure<RedisTicketStore>((cookie, store) => cookie.SessionStore = store);
        services.RemoveAll<IClientConnectionLimiter>();
        services.AddSingleton<IClientConnectionLimiter, RedisConnectionLimiter>();
        return services;
    }
}
