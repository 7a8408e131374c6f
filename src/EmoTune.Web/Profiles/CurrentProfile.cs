namespace EmoTune.Web.Profiles;

/// <summary>
/// The profile a request acts for, as a minimal-API parameter (bound through <see cref="ProfileResolver"/>). Only on
/// endpoints that require <see cref="ProfileResolver.Policy"/>, which answers 401 before binding when nobody is signed in.
/// </summary>
/// <param name="Id">The profile id data is kept under.</param>
/// <param name="UserName">The account's user name; null for the local profile.</param>
public sealed record CurrentProfile(string Id, string? UserName)
{
    public static ValueTask<CurrentProfile?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<CurrentProfile?>(context.RequestServices.GetRequiredService<ProfileResolver>().Resolve(context)
            ?? throw new InvalidOperationException($"{context.Request.Path} takes a profile but does not require the '{ProfileResolver.Policy}' policy."));
}
