using System.Net;
using System.Threading.RateLimiting;
using EmoTune.Music;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EmoTune.Web.Profiles;

/// <summary>Profiles, local accounts and cookie sign-in: services and middleware.</summary>
public static class ProfileServiceCollectionExtensions
{
    /// <summary>Rate-limit policy of sign-in and registration (<see cref="ProfileOptions.SignInAttemptsPerMinute"/> per client).</summary>
    public const string SignInRateLimit = "signin";

    /// <summary>The sign-in cookie's name.</summary>
    public const string CookieName = "emotune.auth";

    /// <summary>The claim that carries the account's security stamp in its sign-in cookie (see <see cref="Account.SecurityStamp"/>).</summary>
    public const string SecurityStampClaim = "emotune:stamp";

    /// <summary>
    /// <see cref="ProfileOptions"/> (validated at start-up), the <see cref="ProfileResolver"/>, the <see cref="AccountStore"/>,
    /// cookie authentication (HttpOnly, SameSite=Strict, Secure over https; 401/403 as ProblemDetails instead of
    /// redirects; every request's cookie checked against its account's security stamp, so sign-out and deletion end
    /// every session of the account), the <see cref="ProfileResolver.Policy"/> policy, the
    /// sign-in rate limit, and Data Protection keys kept beside the database so sign-ins survive a restart.
    /// </summary>
    public static IServiceCollection AddEmoTuneProfiles(this IServiceCollection services)
    {
        services.AddOptions<ProfileOptions>().BindConfiguration(ProfileOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProfileResolver>();
        services.AddSingleton<AccountStore>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<ProfileOptions>>((cookie, profiles) =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromDays(profiles.Value.SessionDays);
                cookie.SlidingExpiration = true;
                cookie.Events.OnRedirectToLogin = context => WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign in first.");
                cookie.Events.OnRedirectToAccessDenied = context => WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Not allowed.");
                cookie.Events.OnValidatePrincipal = ValidateAccountAsync;
            });
        services.AddAuthorizationBuilder().AddPolicy(ProfileResolver.Policy, policy => policy.RequireAssertion(context =>
            context.Resource is HttpContext http && http.RequestServices.GetRequiredService<ProfileResolver>().Resolve(http) is not null));

        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ProfileOptions>>((limiter, profiles) =>
            limiter.AddPolicy(SignInRateLimit, context => context.RequestServices.GetRequiredService<Replicas.ClientRateLimits>().FixedWindow(
                SignInRateLimit, context.Connection.RemoteIpAddress, profiles.Value.SignInAttemptsPerMinute, TimeSpan.FromMinutes(1))));

        // The keys that sign the cookie live beside the database, in a folder only this user can read (in Redis when
        // replicas share them: AddEmoTuneReplicas replaces this repository after every Configure).
        services.AddDataProtection().SetApplicationName("EmoTune");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(keys =>
        {
            var database = Path.GetFullPath(sp.GetRequiredService<IOptions<MusicOptions>>().Value.DatabasePath);
            var folder = Path.Combine(Path.GetDirectoryName(database)!, "keys");
            var directory = OperatingSystem.IsWindows()
                ? Directory.CreateDirectory(folder)
                : Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            keys.XmlRepository = new FileSystemXmlRepository(directory, sp.GetRequiredService<ILoggerFactory>());
        }));
        return services;
    }

    /// <summary>The same-origin check, authentication and authorization, in that order.</summary>
    public static void UseEmoTuneProfiles(this WebApplication app)
    {
        app.UseMiddleware<SameOriginMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
    }

    /// <summary>
    /// Runs on every request that carries a sign-in cookie: the cookie stands only while its account exists and its
    /// security stamp is the account's current one (one indexed read; not cached, so a revoked cookie fails at once).
    /// </summary>
    private static async Task ValidateAccountAsync(CookieValidatePrincipalContext context)
    {
        var profile = context.HttpContext.RequestServices.GetRequiredService<ProfileResolver>();
        var id = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var stamp = context.Principal?.FindFirst(SecurityStampClaim)?.Value;
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        var account = profile.SignInRequired && id is not null && stamp is { Length: > 0 }
            ? await accounts.FindAsync(id, context.HttpContext.RequestAborted)
            : null;
        if (account is null || !string.Equals(account.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = status == StatusCodes.Status401Unauthorized ? "Unauthorized" : "Forbidden", Detail = detail },
        });
    }
}
