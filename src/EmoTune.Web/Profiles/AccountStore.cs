using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using EmoTune.Music.Persistence;
using Microsoft.AspNetCore.Identity;

namespace EmoTune.Web.Profiles;

/// <summary>
/// Local accounts in EmoTune's database, SQLite or PostgreSQL (table <c>account</c>, migrations 3 and 4). Passwords are kept only as ASP.NET
/// Core Identity hashes (PBKDF2-HMAC-SHA512, 100 000 iterations, random salt); user names are unique ignoring case; each
/// account has a security stamp that its sign-in cookies must carry (<see cref="RotateSecurityStampAsync"/> revokes them).
/// </summary>
public sealed class AccountStore(IEmoTuneDatabase database, TimeProvider time)
{
    private const string SelectRow =
        "SELECT id AS Id, user_name AS UserName, password_hash AS PasswordHash, created_utc AS CreatedUtc, security_stamp AS SecurityStamp FROM account";
    private static readonly PasswordHasher<Account> Hasher = new();

    // Verified against when the user name is unknown, so both wrong answers cost the same time.
    private static readonly Lazy<string> UnknownUserHash = new(() => Hasher.HashPassword(null!, Guid.NewGuid().ToString("N")));

    /// <summary>Creates an account; null when the user name is taken.</summary>
    public async Task<Account?> CreateAsync(string userName, string password, CancellationToken ct)
    {
        var account = new Account(Guid.NewGuid().ToString("N"), Normalize(userName), time.GetUtcNow(), NewStamp());
        var hash = Hasher.HashPassword(account, password);
        await using var connection = await database.OpenConnectionAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO account (id, user_name, password_hash, created_utc, security_stamp) VALUES (@Id, @UserName, @hash, @created, @SecurityStamp);",
                new { account.Id, account.UserName, hash, created = account.CreatedAt.ToString("O", CultureInfo.InvariantCulture), account.SecurityStamp },
                cancellationToken: ct));
            return account;
        }
        catch (DbException e) when (database.IsUniqueViolation(e))
        {
            return null;
        }
    }

    /// <summary>The account when <paramref name="password"/> is its password; null when the user or the password is wrong.</summary>
    public async Task<Account?> VerifyAsync(string userName, string password, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{SelectRow} WHERE user_name = @name;",
            new { name = Normalize(userName) },
            cancellationToken: ct));
        if (row is null)
        {
            Hasher.VerifyHashedPassword(null!, UnknownUserHash.Value, password);
            return null;
        }

        var account = ToAccount(row);
        var result = Hasher.VerifyHashedPassword(account, row.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE account SET password_hash = @hash WHERE id = @Id;", new { hash = Hasher.HashPassword(account, password), account.Id }, cancellationToken: ct));
        }

        return result == PasswordVerificationResult.Failed ? null : account;
    }

    /// <summary>The account with profile id <paramref name="id"/>, or null when there is none (any more).</summary>
    public async Task<Account?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{SelectRow} WHERE id = @id;",
            new { id },
            cancellationToken: ct));
        return row is null ? null : ToAccount(row);
    }

    /// <summary>
    /// Gives the account a new security stamp, so that every sign-in cookie issued before is refused on its next request;
    /// returns the new stamp, or null when there is no such account.
    /// </summary>
    public async Task<string?> RotateSecurityStampAsync(string id, CancellationToken ct)
    {
        var stamp = NewStamp();
        await using var connection = await database.OpenConnectionAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE account SET security_stamp = @stamp WHERE id = @id;", new { stamp, id }, cancellationToken: ct));
        return changed == 0 ? null : stamp;
    }

    /// <summary>Deletes the account (not its data); returns 1 when it existed.</summary>
    public async Task<int> DeleteAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM account WHERE id = @id;", new { id }, cancellationToken: ct));
    }

    /// <summary>The form user names are stored and compared in.</summary>
    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    // 128 random bits: unguessable, and a sign-in cookie is encrypted and signed besides.
    private static string NewStamp() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    private static Account ToAccount(Row row) =>
        new(row.Id, row.UserName, DateTimeOffset.Parse(row.CreatedUtc, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), row.SecurityStamp);

    private sealed record Row(string Id, string UserName, string PasswordHash, string CreatedUtc, string SecurityStamp);
}
