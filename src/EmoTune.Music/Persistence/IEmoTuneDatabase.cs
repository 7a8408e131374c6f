using System.Data.Common;

namespace EmoTune.Music.Persistence;

/// <summary>
/// The database that keeps EmoTune's per-user data, whichever engine it is: <see cref="SqliteDatabase"/> (one machine)
/// or <see cref="PostgresDatabase"/> (shared by replicas). Both apply the same numbered migrations, in their own dialect,
/// before the first connection is handed out; the stores' SQL is written to run on both.
/// </summary>
public interface IEmoTuneDatabase
{
    /// <summary>The engine.</summary>
    StorageProvider Provider { get; }

    /// <summary>Where the data is, for logs and <c>/health</c> (a file path, or host, port and database; never a password).</summary>
    string Location { get; }

    /// <summary>An open connection to the migrated database; the caller disposes it.</summary>
    Task<DbConnection> OpenConnectionAsync(CancellationToken ct = default);

    /// <summary>Whether <paramref name="exception"/> is this engine's unique-constraint violation.</summary>
    bool IsUniqueViolation(DbException exception);
}
