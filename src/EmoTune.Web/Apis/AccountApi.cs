using System.Security.Claims;
using System.Text.RegularExpressions;
using EmoTune.Web.Profiles;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EmoTune.Web.Apis;

/// <summary>
/// Local accounts of the sign-in mode: <c>POST /api/v1/account/register</c>, <c>/signin</c>, <c>/signout</c> and
/// <c>GET /api/v1/account</c>. Registration and sign-in share a per-client rate limit; a wrong user name and a wrong
/// password get the same answer.
/// </summary>
public static partial class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/account").WithTags("Account");
        api.MapGet("/", Get).WithName("Account").WithSummary("Whether sign-in is required, and who is signed in");
        api.MapPost("/register", RegisterAsync).RequireRateLimiting(ProfileServiceCollectionExtensions.SignInRateLimit).DisableAntiforgery()
            .WithName("Register").WithSummary("Create a local account and sign in (sign-in mode only)");
        api.MapPost("/signin", SignInAsync).RequireRateLimiting(ProfileServiceCollectionExtensions.SignInRateLimit).DisableAntiforgery()
            .WithName("SignIn").WithSummary("Sign in with user name and password (sign-in mode only)");
        api.MapPost("/signout", (Delegate)SignOutAsync).DisableAntiforgery().WithName("SignOut")
            .WithSummary("Sign out, ending every session of the account (a copy of the cookie kept elsewhere included)");
        return app;
    }

    internal static Ok<AccountStatus> Get(HttpContext context, ProfileResolver profiles, IOptions<ProfileOptions> options)
    {
        var profile = profiles.Resolve(context);
        return TypedResults.Ok(new AccountStatus(profiles.SignInRequired, profiles.SignInRequired && profile is not null, profile?.Id, profile?.UserName, options.Value.AllowRegistration));
    }

    internal static async Task<Results<Created<AccountStatus>, ProblemHttpResult>> RegisterAsync(
        HttpContext context, Credentials body, ProfileResolver profiles, AccountStore accounts, IOptions<ProfileOptions> options, CancellationToken ct)
    {
        if (!profiles.SignInRequired)
        {
            return SignInOff();
        }

        if (!options.Value.AllowRegistration)
        {
            return TypedResults.Problem("Registration is closed on this EmoTune (Web:AllowRegistration=false).", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        if (body.UserName is null || !UserNamePattern().IsMatch(body.UserName))
        {
            return Invalid("userName", "userName must be 3–32 letters, digits, '.', '_' or '-'.");
        }

        if (PasswordPolicy.IsRefused(body.Password, body.UserName, out var refusal))
        {
            return Invalid("password", refusal);
        }

        var account = await accounts.CreateAsync(body.UserName, body.Password, ct);
        if (account is null)
        {
            return TypedResults.Problem($"The user name '{AccountStore.Normalize(body.UserName)}' is taken.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }

        await IssueCookieAsync(context, account);
        return TypedResults.Created("/api/v1/account", new AccountStatus(true, true, account.Id, account.UserName, options.Value.AllowRegistration));
    }

    internal static async Task<Results<Ok<AccountStatus>, ProblemHttpResult>> SignInAsync(
        HttpContext context, Credentials body, ProfileResolver profiles, AccountStore accounts, IOptions<ProfileOptions> options, CancellationToken ct)
    {
        if (!profiles.SignInRequired)
        {
            return SignInOff();
        }

        var account = body.UserName is { Length: > 0 and <= 64 } && body.Password is { Length: > 0 and <= PasswordPolicy.MaxLength }
            ? await accounts.VerifyAsync(body.UserName, body.Password, ct)
            : null;
        if (account is null)
        {
            return TypedResults.Problem("Wrong user name or password.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        await IssueCookieAsync(context, account);
        return TypedResults.Ok(new AccountStatus(true, true, account.Id, account.UserName, options.Value.AllowRegistration));
    }

    internal static async Task<NoContent> SignOutAsync(HttpContext context, ProfileResolver profiles, AccountStore accounts, CancellationToken ct)
    {
        // Deleting the cookie in this browser is not enough: a copy of it (saved, stolen, on another device) would live
        // on. A new security stamp makes every cookie issued before fail on its next request.
        if (profiles.SignInRequired && profiles.Resolve(context) is { } profile)
        {
            await accounts.RotateSecurityStampAsync(profile.Id, ct);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static Task IssueCookieAsync(HttpContext context, Account account)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, account.Id),
                new Claim(ClaimTypes.Name, account.UserName),
                new Claim(ProfileServiceCollectionExtensions.SecurityStampClaim, account.SecurityStamp),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
    }

    private static ProblemHttpResult SignInOff() => TypedResults.Problem(
        "Sign-in is off: EmoTune listens on loopback only and keeps one local profile (set Web:RequireSignIn=true to turn it on).",
        statusCode: StatusCodes.Status409Conflict,
        title: "Sign-in is off");

    /// <summary>400 naming the field twice: in <c>detail</c> for people, in <c>errors</c> (as in ValidationProblemDetails) for code.</summary>
    private static ProblemHttpResult Invalid(string field, string detail) =>
        TypedResults.Problem(
            detail,
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid request",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["errors"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail] } });

    [GeneratedRegex("^[A-Za-z0-9._-]{3,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();

    public sealed record Credentials(string? UserName, string? Password);

    /// <summary>Sign-in state: <paramref name="ProfileId"/> is <c>local</c> when sign-in is not required.</summary>
    public sealed record AccountStatus(bool SignInRequired, bool SignedIn, string? ProfileId, string? UserName, bool AllowRegistration);
}
