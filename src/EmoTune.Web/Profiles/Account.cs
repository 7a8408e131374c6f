namespace EmoTune.Web.Profiles;

/// <summary>A local account of the sign-in mode; <paramref name="Id"/> is the profile id its data is kept under.</summary>
/// <param name="SecurityStamp">
/// A random value carried in every sign-in cookie of the account and checked on each request; a new one (at sign-out)
/// ends every session issued before.
/// </param>
public sealed record Account(string Id, string UserName, DateTimeOffset CreatedAt, string SecurityStamp);
