using EmoTune.Music.Feedback;

namespace EmoTune.Music.Persistence;

/// <summary>
/// The feedback store's part of "export my data" and "delete my data": every like, skip and dislike of the profile,
/// oldest first, under the name <c>feedback</c>.
/// </summary>
public sealed class FeedbackProfileData(IFeedbackStore store) : IProfileDataStore
{
    /// <summary>The part's name in the export.</summary>
    public const string PartName = "feedback";

    /// <inheritdoc />
    public string Name => PartName;

    /// <inheritdoc />
    public async Task<object?> ExportAsync(string profileId, CancellationToken ct = default) =>
        (await store.ExportAsync(profileId, ct)).Feedback;

    /// <inheritdoc />
    public Task<int> DeleteAsync(string profileId, CancellationToken ct = default) => store.DeleteProfileAsync(profileId, ct);
}
