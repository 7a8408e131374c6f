using System.Globalization;
using Dapper;
using EmoTune.Music.Persistence;
using Microsoft.Data.Sqlite;

namespace EmoTune.Music.Library;

/// <summary>
/// The library cache in SQLite (Microsoft.Data.Sqlite and Dapper): indexed folders and one row per audio file. WAL
/// journaling and a busy timeout let a scan write while the web app reads. The schema is migrated on first use.
/// </summary>
public sealed class SqliteLibraryStore
{
    private const string Columns =
        "id AS Id, path AS Path, root AS Root, size AS Size, mtime_ticks AS MtimeTicks, title AS Title, artist AS Artist, " +
        "album AS Album, genre AS Genre, year AS Year, duration_s AS DurationS, tempo_bpm AS TempoBpm, loudness_dbfs AS LoudnessDbfs, " +
        "rms AS Rms, centroid_hz AS CentroidHz, tonic AS Tonic, mode AS Mode, mode_confidence AS ModeConfidence, error AS Error";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>A store in the SQLite file at <paramref name="databasePath"/>, created (with its folder) when missing.</summary>
    public SqliteLibraryStore(string databasePath, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _database = new SqliteDatabase(databasePath);
        DatabasePath = _database.Path;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Remembers <paramref name="root"/> (a canonical folder path) as indexed, stamped now.</summary>
    public async Task AddRootAsync(string root, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO library_roots (path, scanned_utc) VALUES (@root, @at) ON CONFLICT (path) DO UPDATE SET scanned_utc = excluded.scanned_utc;",
            new { root, at = Now() },
            cancellationToken: ct));
    }

    /// <summary>Every folder a scan has indexed.</summary>
    public async Task<IReadOnlyList<string>> GetRootsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition("SELECT path FROM library_roots ORDER BY path;", cancellationToken: ct))).AsList();
    }

    /// <summary>The stamps of every file cached under <paramref name="root"/>, by full path.</summary>
    public async Task<IReadOnlyDictionary<string, LibraryFileStamp>> GetStampsAsync(string root, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Path, long Size, long Ticks, long Failed)>(new CommandDefinition(
            "SELECT path, size, mtime_ticks, error IS NOT NULL FROM library_tracks WHERE root = @root;", new { root }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Path, r => new LibraryFileStamp(r.Size, r.Ticks, r.Failed != 0), StringComparer.Ordinal);
    }

    /// <summary>Inserts or replaces the row for <paramref name="entry"/>'s path.</summary>
    public async Task UpsertAsync(LibraryEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(ct);
        var f = entry.Features;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO library_tracks (id, path, root, size, mtime_ticks, title, artist, album, genre, year, duration_s,
                tempo_bpm, loudness_dbfs, rms, centroid_hz, tonic, mode, mode_confidence, error, scanned_utc)
            VALUES (@Id, @Path, @Root, @Size, @Ticks, @Title, @Artist, @Album, @Genre, @Year, @Duration,
                @Tempo, @Loudness, @Rms, @Centroid, @Tonic, @Mode, @ModeConfidence, @Error, @At)
            ON CONFLICT (path) DO UPDATE SET id = excluded.id, root = excluded.root, size = excluded.size,
                mtime_ticks = excluded.mtime_ticks, title = excluded.title, artist = excluded.artist, album = excluded.album,
                genre = excluded.genre, year = excluded.year, duration_s = excluded.duration_s, tempo_bpm = excluded.tempo_bpm,
                loudness_dbfs = excluded.loudness_dbfs, rms = excluded.rms, centroid_hz = excluded.centroid_hz,
                tonic = excluded.tonic, mode = excluded.mode, mode_confidence = excluded.mode_confidence,
                error = excluded.error, scanned_utc = excluded.scanned_utc;
            """,
            new
            {
                entry.Id,
                entry.Path,
                entry.Root,
                entry.Size,
                Ticks = entry.ModifiedUtc.Ticks,
                entry.Tags.Title,
                entry.Tags.Artist,
                entry.Tags.Album,
                entry.Tags.Genre,
                entry.Tags.Year,
                Duration = entry.DurationSeconds,
                Tempo = f?.TempoBpm,
                Loudness = f?.LoudnessDbfs,
                Rms = f?.Rms,
                Centroid = f?.CentroidHz,
                Tonic = f?.Key.Tonic,
                Mode = f?.Key.Mode.ToString(),
                ModeConfidence = f?.Key.Confidence,
                entry.Error,
                At = Now(),
            },
            cancellationToken: ct));
    }

    /// <summary>Removes the rows of <paramref name="paths"/>; returns how many there were.</summary>
    public async Task<int> RemoveAsync(IReadOnlyCollection<string> paths, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            return 0;
        }

        await using var connection = await OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var removed = 0;
        foreach (var path in paths)
        {
            removed += await connection.ExecuteAsync(new CommandDefinition("DELETE FROM library_tracks WHERE path = @path;", new { path }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return removed;
    }

    /// <summary>Every cached file, indexed ones first (by artist, album, title), failed ones after when asked for.</summary>
    public async Task<IReadOnlyList<LibraryEntry>> GetEntriesAsync(bool includeFailed = false, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM library_tracks {(includeFailed ? "" : "WHERE error IS NULL")} ORDER BY error IS NOT NULL, artist, album, title, path;",
            cancellationToken: ct));
        return rows.Select(ToEntry).ToList();
    }

    /// <summary>The cached file with <paramref name="id"/>, or null.</summary>
    public async Task<LibraryEntry?> FindAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM library_tracks WHERE id = @id;", new { id }, cancellationToken: ct));
        return row is null ? null : ToEntry(row);
    }

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static LibraryEntry ToEntry(Row r)
    {
        var features = r.Error is null && r.TempoBpm is { } tempo
            ? new AudioFeatures(
                tempo,
                r.LoudnessDbfs ?? -120,
                r.Rms ?? 0,
                r.CentroidHz ?? 0,
                new KeyEstimate((int)(r.Tonic ?? 0), string.Equals(r.Mode, nameof(MusicalMode.Minor), StringComparison.Ordinal) ? MusicalMode.Minor : MusicalMode.Major, r.ModeConfidence ?? 0))
            : null;
        return new LibraryEntry(
            r.Id,
            r.Path,
            r.Root,
            r.Size,
            new DateTime(r.MtimeTicks, DateTimeKind.Utc),
            new LibraryTags(r.Title, r.Artist, r.Album, r.Genre, r.Year is { } y ? (int)y : null),
            r.DurationS,
            features,
            r.Error);
    }

    // Connections come from the shared SqliteDatabase (WAL, busy timeout, EmoTune's own migrations); the library's
    // tables have their own schema version and are migrated once on top.
    private Task<SqliteConnection> OpenAsync(CancellationToken ct) =>
        _database.OpenAsync("library", c => LibraryMigrations.ApplyAsync(c), ct);

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string Path { get; init; } = "";
        public string Root { get; init; } = "";
        public long Size { get; init; }
        public long MtimeTicks { get; init; }
        public string? Title { get; init; }
        public string? Artist { get; init; }
        public string? Album { get; init; }
        public string? Genre { get; init; }
        public long? Year { get; init; }
        public double DurationS { get; init; }
        public double? TempoBpm { get; init; }
        public double? LoudnessDbfs { get; init; }
        public double? Rms { get; init; }
        public double? CentroidHz { get; init; }
        public long? Tonic { get; init; }
        public string? Mode { get; init; }
        public double? ModeConfidence { get; init; }
        public string? Error { get; init; }
    }
}
