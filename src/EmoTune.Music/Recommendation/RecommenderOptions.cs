using System.ComponentModel.DataAnnotations;

namespace EmoTune.Music.Recommendation;

/// <summary>
/// Tuning of strategies, ranking, diversity and personalisation, bound from <c>Music:Recommendation</c> and
/// validated at start-up.
/// </summary>
public sealed class RecommenderOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Music:Recommendation";

    /// <summary>Tracks in one list.</summary>
    [Range(1, 100)]
    public int ListSize { get; init; } = 10;

    /// <summary>How many recently played tracks may not be recommended again.</summary>
    [Range(0, 10_000)]
    public int RecentWindow { get; init; } = 20;

    /// <summary>At most this many tracks by one artist in one list.</summary>
    [Range(1, 100)]
    public int MaxPerArtist { get; init; } = 2;

    /// <summary>Lift: recommendations it takes to go from the mood to <see cref="LiftValence"/>.</summary>
    [Range(1, 100)]
    public int LiftSteps { get; init; } = 4;

    /// <summary>Lift: the valence the steps end at (never lowers a mood that is already brighter).</summary>
    [Range(0.0, 1.0)]
    public double LiftValence { get; init; } = 0.8;

    /// <summary>Lift: the energy the steps end at.</summary>
    [Range(0.0, 1.0)]
    public double LiftEnergy { get; init; } = 0.6;

    /// <summary>Calm: the energy calm music aims at (never raises a mood that is already calmer).</summary>
    [Range(0.0, 1.0)]
    public double CalmEnergy { get; init; } = 0.2;

    /// <summary>Share of a track's arousal read from its tempo rather than its energy.</summary>
    [Range(0.0, 1.0)]
    public double TempoWeight { get; init; } = 0.2;

    /// <summary>How much the personal preference sample (−0.5 to 0.5) moves a track's fit (0–1). 0 turns personalisation off.</summary>
    [Range(0.0, 10.0)]
    public double PersonalWeight { get; init; } = 2.0;

    /// <summary>
    /// How many likes or skips the artist's prior is worth, centred on its genre's draw: small lets one artist stray
    /// far from its genre after little evidence.
    /// </summary>
    [Range(0.01, 1000.0)]
    public double ArtistPriorStrength { get; init; } = 3.0;

    /// <summary>How many likes or skips the track's prior is worth, centred on its artist's draw.</summary>
    [Range(0.01, 1000.0)]
    public double TrackPriorStrength { get; init; } = 4.0;

    /// <summary>
    /// Feedback given in other moods counts this much toward a mood's priors (0 = moods are learnt apart; 1 = fully,
    /// the mood's own feedback still refining them).
    /// </summary>
    [Range(0.0, 1.0)]
    public double OtherMoodWeight { get; init; } = 1.0;

    /// <summary>
    /// How many likes or skips a genre's prior in one mood is worth, centred on the genre's draw over every mood: small
    /// lets a mood's own evidence take over quickly.
    /// </summary>
    [Range(0.01, 1000.0)]
    public double MoodPriorStrength { get; init; } = 2.0;

    /// <summary>
    /// Each like or skip counts this many times in the posteriors. Above 1 narrows the draws, which trades exploration
    /// for exploitation (Chapelle and Li 2011 found Thompson sampling did better with its posterior variance scaled down).
    /// </summary>
    [Range(0.1, 100.0)]
    public double EvidenceWeight { get; init; } = 3.0;

    /// <summary>A dislike counts as this many skips.</summary>
    [Range(0.0, 10.0)]
    public double DislikeWeight { get; init; } = 2.0;
}
