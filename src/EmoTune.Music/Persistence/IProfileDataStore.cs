namespace EmoTune.Music.Persistence;

/// <summary>
/// Anything that keeps data about a profile (feedback, tokens, settings). "Export my data" and "delete my data" go
/// through every registered implementation, so a new store cannot be forgotten by those requests.
/// </summary>
public interface IProfileDataStore
{
    /// <summary>Name of this store's part of the export (a JSON property name such as <c>feedback</c> or <c>spotify</c>).</summary>
    string Name { get; }

    /// <summary>Everything this store keeps about the profile, as a JSON-serialisable object (secrets such as tokens left out).</summary>
    Task<object?> ExportAsync(string profileId, CancellationToken ct = default);

    /// <summary>Deletes everything this store keeps about the profile; returns how many records were removed.</summary>
    Task<int> DeleteAsync(string profileId, CancellationToken ct = default);
}
