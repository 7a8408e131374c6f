using System.Globalization;
using Dapper;
using EmoTune.Core.Emotions;
using EmoTune.Music.Feedback;
using EmoTune.Music.Recommendation;
using Microsoft.Data.Sqlite;

namespace EmoTune.Music.Persistence;

/// <summary>
/// Feedback in a SQLite file (Microsoft.Data.Sqlite and Dapper). WAL journaling lets readers and one writer work
/// at once, and a busy timeout makes a second writer wait for the lock instead of failing, so concurrent writers
/// lose nothing. The schema is migrated on first use.
/// </summary>
public sealed class SqliteFeedbackStore : IFeedbackStore
{
    /// <summary>How long a writer waits for another's lock before failing.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private const string Columns =
        "profile_id AS ProfileId, track_id AS TrackId, artist AS Artist, title AS Title, genre AS Genre, " +
        "emotion AS Emotion, strategy AS Strategy, kind AS Kind, at_utc AS AtUtc";

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly Lock _migrationGate = new();
    private Task? _migration;

    /// <summary>A store in the SQLite file at <paramref name="databasePath"/>, created (with its folder) when missing.</summary>
    public SqliteFeedbackStore(string databasePath, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var full = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        _time = time ?? TimeProvider.System;
        DatabasePath = full;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public async Task AddAsync(FeedbackEvent feedback, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentException.ThrowIfNullOrWhiteSpace(feedback.ProfileId);
        ArgumentException.ThrowIfNullOrWhiteSpace(feedback.TrackId);
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO feedback (profile_id, track_id, artist, title, genre, emotion, strategy, kind, at_utc)
            VALUES (@ProfileId, @TrackId, @Artist, @Title, @Genre, @Emotion, @Strategy, @Kind, @AtUtc);
            """,
            new
            {
                feedback.ProfileId,
                feedback.TrackId,
                feedback.Artist,
                feedback.Title,
                feedback.Genre,
                Emotion = feedback.Emotion.ToName(),
                Strategy = feedback.Strategy.ToString(),
                Kind = feedback.Kind.ToString(),
                AtUtc = feedback.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            },
            cancellationToken: ct));
    }

    /// <inheritdoc />
    /// <remarks>One query fills both the mood's tallies and <see cref="MoodFeedback.AllMoods"/>, the profile's in every mood.</remarks>
    public async Task<MoodFeedback> GetMoodFeedbackAsync(string profileId, Emotion emotion, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<CountRow>(new CommandDefinition(
            """
            SELECT track_id AS TrackId, artist AS Artist, genre AS Genre, kind AS Kind, emotion = @emotion AS InMood, COUNT(*) AS N
            FROM feedback WHERE profile_id = @profileId
            GROUP BY track_id, artist, genre, kind, emotion = @emotion;
            """,
            new { profileId, emotion = emotion.ToName() },
            cancellationToken: ct));
        var all = new MoodFeedback();
        var feedback = new MoodFeedback { AllMoods = all };
        foreach (var row in rows)
        {
            var kind = Enum.Parse<FeedbackKind>(row.Kind);
            all.Add(row.TrackId, row.Artist, row.Genre, kind, (int)row.N);
            if (row.InMood != 0)
            {
                feedback.Add(row.TrackId, row.Artist, row.Genre, kind, (int)row.N);
            }
        }

        return feedback;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetRecentTrackIdsAsync(string profileId, int count, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        await using var connection = await OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT track_id FROM feedback WHERE profile_id = @profileId ORDER BY id DESC LIMIT @count;",
            new { profileId, count },
            cancellationToken: ct));
        return ids.AsList();
    }

    /// <inheritdoc />
    public async Task<ProfileExport> ExportAsync(string profileId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM feedback WHERE profile_id = @profileId ORDER BY id;",
            new { profileId },
            cancellationToken: ct));
        return new ProfileExport(profileId, _time.GetUtcNow(), rows.Select(ToEvent).ToList());
    }

    /// <inheritdoc />
    public async Task<int> DeleteProfileAsync(string profileId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM feedback WHERE profile_id = @profileId;", new { profileId }, cancellationToken: ct));
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        await EnsureMigratedAsync().WaitAsync(ct);
        return await ConnectAsync(ct);
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};"),
                cancellationToken: ct));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private Task EnsureMigratedAsync()
    {
        lock (_migrationGate)
        {
            // One migration per store; a failed one is retried by the next call instead of being cached.
            if (_migration is null || _migration.IsFaulted || _migration.IsCanceled)
            {
                _migration = MigrateAsync();
            }

            return _migration;
        }
    }

    private async Task MigrateAsync()
    {
        await using var connection = await ConnectAsync(CancellationToken.None);

        // WAL is a property of the file: set once, it stays for every later connection.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await SqliteMigrations.ApplyAsync(connection);
    }

    private static FeedbackEvent ToEvent(EventRow row) => new(
        row.ProfileId,
        row.TrackId,
        row.Artist,
        row.Title,
        row.Genre,
        EmotionLabels.Parse(row.Emotion),
        Enum.Parse<MoodStrategy>(row.Strategy),
        Enum.Parse<FeedbackKind>(row.Kind),
        DateTimeOffset.Parse(row.AtUtc, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));

    // Settable properties rather than a constructor: SQLite reports no column type for COUNT(*) over zero rows,
    // and Dapper's constructor matching would then fail on an empty result.
    private sealed class CountRow
    {
        public string TrackId { get; init; } = "";

        public string Artist { get; init; } = "";

        public string Genre { get; init; } = "";

        public string Kind { get; init; } = "";

        public long InMood { get; init; }

        public long N { get; init; }
    }

    private sealed record EventRow(string ProfileId, string TrackId, string Artist, string Title, string Genre, string Emotion, string Strategy, string Kind, string AtUtc);
}
