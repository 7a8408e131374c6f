using EmoTune.Music.Persistence;
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
    public static Task<int> ApplyAsync(SqliteConnection connection, CancellationToken ct = default) =>
        SqliteMigrations.ApplyStepsAsync(connection, "library_schema_version", Steps, ct);
}
