using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EmoTune.Music.Library;

/// <summary>
/// The library cache's schema as numbered migrations, tracked in its own <c>library_schema_version</c> table so it can
/// share a database file with feedback (<c>Persistence/SqliteMigrations</c>) without the two numberings meeting. Each
/// missing step runs in its own transaction, so two processes opening a new database apply it once.
/// </summary>
public static class LibraryMigrations
{
    private static readonly string[] Steps =
    [
        // 1: indexed folders, and one row per audio file with its stamp, tags, features or error.
        """
        CREATE TABLE library_roots (
            path        TEXT PRIMARY KEY,
            scanned_utc TEXT NOT NULL
        );
        CREATE TABLE library_tracks (
            id              TEXT    PRIMARY KEY,
            path            TEXT    NOT NULL UNIQUE,
            root            TEXT    NOT NULL,
            size            INTEGER NOT NULL,
            mtime_ticks     INTEGER NOT NULL,
            title           TEXT,
            artist          TEXT,
            album           TEXT,
            genre           TEXT,
            year            INTEGER,
            duration_s      REAL    NOT NULL,
            tempo_bpm       REAL,
            loudness_dbfs   REAL,
            rms             REAL,
            centroid_hz     REAL,
            tonic           INTEGER,
            mode            TEXT CHECK (mode IN ('Major', 'Minor')),
            mode_confidence REAL,
            error           TEXT,
            scanned_utc     TEXT    NOT NULL
        );
        CREATE INDEX ix_library_tracks_root ON library_tracks (root);
        """,
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int LatestVersion => Steps.Length;

    /// <summary>Applies every migration the database lacks; returns the version it is at afterwards.</summary>
    public static async Task<int> ApplyAsync(SqliteConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS library_schema_version (version INTEGER PRIMARY KEY, applied_utc TEXT NOT NULL);",
            cancellationToken: ct));
        for (var version = 1; version <= Steps.Length; version++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM library_schema_version WHERE version = @version;", new { version }, transaction, cancellationToken: ct));
            if (applied == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(Steps[version - 1], transaction: transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO library_schema_version (version, applied_utc) VALUES (@version, @applied);",
                    new { version, applied = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
                    transaction,
                    cancellationToken: ct));
            }

            await transaction.CommitAsync(ct);
        }

        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(version), 0) FROM library_schema_version;", cancellationToken: ct));
    }
}
