using Dapper;
using Microsoft.Data.Sqlite;

namespace EmoTune.Music.Persistence;

/// <summary>
/// The database's schema (feedback, accounts, Spotify tokens) as numbered migrations, the same steps in intent as
/// <see cref="PostgresMigrations"/>. <c>schema_version</c> holds one row per applied version;
/// each missing migration runs in its own <c>BEGIN IMMEDIATE</c> transaction, so two processes opening a new
/// database at once apply it exactly once.
/// </summary>
public static class SqliteMigrations
{
    private static readonly string[] Steps =
    [
        // 1: feedback events, one row per like, skip or dislike, each with its profile.
        """
        CREATE TABLE feedback (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            profile_id TEXT    NOT NULL,
            track_id   TEXT    NOT NULL,
            artist     TEXT    NOT NULL,
            title      TEXT    NOT NULL,
            genre      TEXT    NOT NULL,
            emotion    TEXT    NOT NULL,
            strategy   TEXT    NOT NULL,
            kind       TEXT    NOT NULL CHECK (kind IN ('Like', 'Skip', 'Dislike')),
            at_utc     TEXT    NOT NULL
        );
        """,

        // 2: the two reads on every recommendation: a profile's feedback in one mood, and its latest plays.
        """
        CREATE INDEX ix_feedback_profile_emotion ON feedback (profile_id, emotion);
        CREATE INDEX ix_feedback_profile_id ON feedback (profile_id, id);
        """,

        // 3: local accounts of the web app's sign-in mode. The id is the profile id of the account's data; the user
        // name is unique ignoring case (stored lower-case); the password only as an ASP.NET Core Identity hash.
        """
        CREATE TABLE account (
            id            TEXT PRIMARY KEY,
            user_name     TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            created_utc   TEXT NOT NULL
        );
        """,

        // 4: each account's security stamp, carried in its sign-in cookies and checked on every request; a new stamp
        // (sign-out) ends every session signed with the old one. Accounts from before get a random stamp, so their
        // cookies (which carry none) sign in once more.
        """
        ALTER TABLE account ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
        UPDATE account SET security_stamp = lower(hex(randomblob(16)));
        """,

        // 5: Spotify tokens per profile, encrypted with Data Protection (secret), the rest in clear for status and
        // export. Before version 5 the token store created this table itself, hence IF NOT EXISTS.
        """
        CREATE TABLE IF NOT EXISTS spotify_tokens (
            profile_id    TEXT PRIMARY KEY,
            secret        BLOB NOT NULL,
            scopes        TEXT NOT NULL,
            expires_utc   TEXT NOT NULL,
            display_name  TEXT,
            connected_utc TEXT NOT NULL,
            updated_utc   TEXT NOT NULL
        );
        """,
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int LatestVersion => Steps.Length;

    /// <summary>Applies every migration the database lacks; returns the version it is at afterwards.</summary>
    public static Task<int> ApplyAsync(SqliteConnection connection, CancellationToken ct = default) =>
        ApplyStepsAsync(connection, "schema_version", Steps, ct);

    /// <summary>
    /// Applies the <paramref name="steps"/> (version = index + 1) that <paramref name="versionTable"/> does not record,
    /// each in its own transaction with its row in that table, and returns the highest version recorded afterwards.
    /// Every schema in the database file (feedback, library cache) keeps its own version table, so their numberings
    /// never meet.
    /// </summary>
    internal static async Task<int> ApplyStepsAsync(SqliteConnection connection, string versionTable, IReadOnlyList<string> steps, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(steps);
        if (versionTable.Length == 0 || !versionTable.All(c => char.IsAsciiLetterLower(c) || c == '_'))
        {
            // Interpolated into SQL below: only fixed names of lower-case letters and underscores.
            throw new ArgumentException($"'{versionTable}' is not a plain table name.", nameof(versionTable));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE TABLE IF NOT EXISTS {versionTable} (version INTEGER PRIMARY KEY, applied_utc TEXT NOT NULL);",
            cancellationToken: ct));
        for (var version = 1; version <= steps.Count; version++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) FROM {versionTable} WHERE version = @version;", new { version }, transaction, cancellationToken: ct));
            if (applied == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(steps[version - 1], transaction: transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO {versionTable} (version, applied_utc) VALUES (@version, @applied);",
                    new { version, applied = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
                    transaction,
                    cancellationToken: ct));
            }

            await transaction.CommitAsync(ct);
        }

        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COALESCE(MAX(version), 0) FROM {versionTable};", cancellationToken: ct));
    }

    /// <summary>The highest applied version, 0 for an empty database.</summary>
    public static async Task<int> CurrentVersionAsync(SqliteConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';", cancellationToken: ct));
        return exists == 0
            ? 0
            : (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(version), 0) FROM schema_version;", cancellationToken: ct));
    }
}
