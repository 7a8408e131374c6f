using System.ComponentModel.DataAnnotations;

namespace EmoTune.Music.Persistence;

/// <summary>
/// Where per-user data (accounts, feedback, Spotify tokens) lives, bound from <c>Storage</c> and validated at start-up:
/// the SQLite file of <see cref="MusicOptions.DatabasePath"/> (default) or a PostgreSQL server.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Storage";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;

    /// <summary>
    /// The Npgsql connection string when <see cref="Provider"/> is <c>postgres</c>, e.g.
    /// <c>Host=db;Port=5432;Database=emotune;Username=emotune;Password=…</c>; ignored for SQLite.
    /// </summary>
    public string ConnectionString { get; init; } = "";

    private static bool IsConnectionString(string value, out string problem)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(value);
            problem = "";
            return true;
        }
        catch (ArgumentException e)
        {
            // The message names the key, never the value (which may hold the password).
            problem = e.Message;
            return false;
        }
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Provider))
        {
            yield return new ValidationResult($"Storage:Provider '{Provider}' is not one of sqlite, postgres.", [nameof(Provider)]);
        }

        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Storage:ConnectionString is required when Storage:Provider is postgres.", [nameof(ConnectionString)]);
        }
        else if (Provider == StorageProvider.Postgres && !IsConnectionString(ConnectionString, out var problem))
        {
            yield return new ValidationResult($"Storage:ConnectionString is not an Npgsql connection string: {problem}", [nameof(ConnectionString)]);
        }
    }
}
