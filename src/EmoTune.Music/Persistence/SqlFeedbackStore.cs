using System.Data.Common;
using System.Globalization;
using Dapper;
using EmoTune.Core.Emotions;
using EmoTune.Music.Feedback;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Persistence;

/// <summary>
/// Feedback in EmoTune's database (Dapper over <see cref="IEmoTuneDatabase"/>), one row per event, with SQL that runs
/// unchanged on SQLite and PostgreSQL. On SQLite the <see cref="SqliteDatabase"/> gives WAL journaling and a busy
/// timeout (a second writer waits for the lock instead of failing); on PostgreSQL every replica writes to the same
/// server. Either way concurrent writers lose nothing, and the database migrates its schema on first use.
/// </summary>
public sealed class SqlFeedbackStore : IFeedbackStore
{
    private const string Columns =
        "profile_id AS ProfileId, track_id AS TrackId, artist AS Artist, title AS Title, genre AS Genre, " +
        "emotion AS Emotion, strategy AS Strategy, kind AS Kind, at_utc AS AtUtc";

    private readonly IEmoTuneDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>A store in the SQLite file at <paramref name="databasePath"/>, created (with its folder) when missing.</summary>
    public SqlFeedbackStore(string databasePath, TimeProvider? time = null)
        : this(new SqliteDatabase(databasePath), time)
    {
    }

    /// <summary>A store in <paramref name="database"/>, which other stores may share.</summary>
    public SqlFeedbackStore(IEmoTuneDatabase database, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Where the feedback is (the SQLite file, or the PostgreSQL server and database).</summary>
    public string DatabaseLocation => _database.Location;

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
    /// <remarks>
    /// One query fills both the mood's tallies and <see cref="MoodFeedback.AllMoods"/>, the profile's in every mood.
    /// <c>CASE</c> rather than a comparison (a boolean in PostgreSQL, an integer in SQLite), grouped by position so the
    /// parameter is not repeated.
    /// </remarks>
    public async Task<MoodFeedback> GetMoodFeedbackAsync(string profileId, Emotion emotion, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<CountRow>(new CommandDefinition(
            """
            SELECT track_id AS TrackId, artist AS Artist, genre AS Genre, kind AS Kind,
                   CASE WHEN emotion = @emotion THEN 1 ELSE 0 END AS InMood, COUNT(*) AS N
            FROM feedback WHERE profile_id = @profileId
            GROUP BY 1, 2, 3, 4, 5;
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
    public async Task<IReadOnlyList<FeedbackHistoryEntry>> GetHistoryAsync(string profileId, int limit, long? before = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<HistoryRow>(new CommandDefinition(
            $"SELECT id AS Id, {Columns} FROM feedback WHERE profile_id = @profileId AND id < @before ORDER BY id DESC LIMIT @limit;",
            new { profileId, before = before ?? long.MaxValue, limit },
            cancellationToken: ct));
        return rows.Select(r => new FeedbackHistoryEntry(r.Id, ToEvent(r))).ToList();
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

    private Task<DbConnection> OpenAsync(CancellationToken ct) => _database.OpenConnectionAsync(ct);

    private static FeedbackEvent ToEvent(IEventRow row) => new(
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
    // and Dapper's constructor matching would then fail on an empty result; PostgreSQL's CASE is an int, SQLite's a long.
    private sealed class CountRow
    {
        public string TrackId { get; init; } = "";

        public string Artist { get; init; } = "";

        public string Genre { get; init; } = "";

        public string Kind { get; init; } = "";

        public long InMood { get; init; }

        public long N { get; init; }
    }

    private interface IEventRow
    {
        string ProfileId { get; }

        string TrackId { get; }

        string Artist { get; }

        string Title { get; }

        string Genre { get; }

        string Emotion { get; }

        string Strategy { get; }

        string Kind { get; }

        string AtUtc { get; }
    }

    private sealed record EventRow(string ProfileId, string TrackId, string Artist, string Title, string Genre, string Emotion, string Strategy, string Kind, string AtUtc) : IEventRow;

    private sealed record HistoryRow(long Id, string ProfileId, string TrackId, string Artist, string Title, string Genre, string Emotion, string Strategy, string Kind, string AtUtc) : IEventRow;
}
