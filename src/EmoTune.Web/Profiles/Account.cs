namespace EmoTune.Web.Profiles;

/// <summary>A local account of the sign-in mode; <paramref name="Id"/> is the profile id its data is kept under.</summary>
public sealed record Account(string Id, string UserName, DateTimeOffset CreatedAt);
