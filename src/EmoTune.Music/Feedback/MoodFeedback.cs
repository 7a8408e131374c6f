namespace EmoTune.Music.Feedback;

/// <summary>
/// One profile's feedback in one mood, tallied per track, per artist and per genre: the evidence the Thompson
/// sampler's Beta posteriors are built from.
/// </summary>
public sealed class MoodFeedback
{
    private readonly Dictionary<string, FeedbackCounts> _tracks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FeedbackCounts> _artists = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FeedbackCounts> _genres = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The same profile's feedback in every mood, this one included, or null when only this mood was gathered. The
    /// recommender pools it (down-weighted) into the priors of this mood's posteriors: most of a listener's taste for a
    /// genre or an artist holds in every mood, so a new mood need not be learnt from nothing.
    /// </summary>
    public MoodFeedback? AllMoods { get; init; }

    /// <summary>Number of feedback events tallied.</summary>
    public int Total { get; private set; }

    /// <summary>Adds <paramref name="count"/> events of <paramref name="kind"/> on one track.</summary>
    public void Add(string trackId, string artist, string genre, FeedbackKind kind, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(trackId);
        ArgumentNullException.ThrowIfNull(artist);
        ArgumentNullException.ThrowIfNull(genre);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _tracks[trackId] = ForTrack(trackId).Add(kind, count);
        _artists[artist] = ForArtist(artist).Add(kind, count);
        _genres[genre] = ForGenre(genre).Add(kind, count);
        Total += count;
    }

    /// <summary>Feedback on one track.</summary>
    public FeedbackCounts ForTrack(string trackId) => _tracks.GetValueOrDefault(trackId) ?? FeedbackCounts.None;

    /// <summary>Feedback on all tracks of one artist (ignoring case).</summary>
    public FeedbackCounts ForArtist(string artist) => _artists.GetValueOrDefault(artist) ?? FeedbackCounts.None;

    /// <summary>Feedback on all tracks of one genre (ignoring case).</summary>
    public FeedbackCounts ForGenre(string genre) => _genres.GetValueOrDefault(genre) ?? FeedbackCounts.None;
}
