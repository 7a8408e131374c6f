using Dapper;
using Npgsql;

namespace EmoTune.Music.Persistence;

/// <summary>
/// The PostgreSQL dialect of <see cref="SqliteMigrations"/>: the same numbered steps, in the same order and with the
/// same tables, columns and indexes (times as ISO 8601 text in both, so the stores' SQL is shared). All missing steps
/// run in one transaction that first takes a transaction-scoped advisory lock, so replicas that start together apply
/// each step exactly once and a failed step leaves nothing half-done (PostgreSQL's DDL is transactional).
/// </summary>
public static class PostgresMigrations
{
    /// <summary>The advisory lock key migrations hold (the bytes of "EmoTune" as a number); any constant shared by every replica would do.</summary>
    public const long LockKey = 0x456D6F54756E65;

    private static readonly string[] Steps =
    [
        // 1: feedback events, one row per like, skip or dislike, each with its profile.
        """
        CREATE TABLE feedback (
            id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            profile_id TEXT NOT NULL,
            track_id   TEXT NOT NULL,
            artist     TEXT NOT NULL,
            title      TEXT NOT NULL,
            genre      TEXT NOT NULL,
            emotion    TEXT NOT NULL,
            strategy   TEXT NOT NULL,
            kind       TEXT NOT NULL CHECK (kind IN ('Like', 'Skip', 'Dislike')),
            at_utc     TEXT NOT NULL
        );
        """,

        // 2: a profile's feedback in one mood, and its latest plays.
        """
        CREATE INDEX ix_feedback_profile_emotion ON feedback (profile_id, emotion);
        CREATE INDEX ix_feedback_profile_id ON feedback (profile_id, id);
        """,

        // 3: local accounts; user names stored lower-case and unique; passwords only as Identity hashes.
        """
        CREATE TABLE account (
            id            TEXT PRIMARY KEY,
            user_name     TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            created_utc   TEXT NOT NULL
        );
        """,

        // 4: each account's security stamp; accounts from before get a random one.
        """
        ALTER TABLE account ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
        UPDATE account SET security_stamp = md5(random()::text || id || clock_timestamp()::text);
        """,

        // 5: Spotify tokens per profile (secret encrypted with Data Protection).
        """
        CREATE TABLE IF NOT EXISTS spotify_tokens (
            profile_id    TEXT PRIMARY KEY,
            secret        BYTEA NOT NULL,
            scopes        TEXT NOT NULL,
            expires_utc   TEXT NOT NULL,
            display_name  TEXT,
            connected_utc TEXT NOT NULL,
            updated_utc   TEXT NOT NULL
        );
        """,
    ];

    /// <summary>The version a fully migrated database has (the same as <see cref="SqliteMigrations.LatestVersion"/>).</summary>
    public static int LatestVersion => Steps.Length;

    /// <summary>Applies every migration the database lacks, under <see cref="LockKey"/>; returns the version it is at afterwards.</summary>
    public static async Task<int> ApplyAsync(NpgsqlConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key);", new { key = LockKey }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_utc TEXT NOT NULL);", transaction: transaction, cancellationToken: ct));
        var applied = (await connection.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_version;", transaction: transaction, cancellationToken: ct))).ToHashSet();
        for (var version = 1; version <= Steps.Length; version++)
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(Steps[version - 1], transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, applied_utc) VALUES (@version, @applied);",
                new { version, applied = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
                transaction,
                cancellationToken: ct));
        }

        var current = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COALESCE(MAX(version), 0) FROM schema_version;", transaction: transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return current;
    }

    /// <summary>The highest applied version, 0 for an empty database.</summary>
    public static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT to_regclass('schema_version') IS NOT NULL;", cancellationToken: ct));
        return exists
            ? await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COALESCE(MAX(version), 0) FROM schema_version;", cancellationToken: ct))
            : 0;
    }
}
