using EmoTune.Music.Catalog;

namespace EmoTune.Music.Recommendation;

/// <summary>Pure functions that measure how well a track sits in a target region of the valence–energy plane.</summary>
public static class TrackFit
{
    /// <summary>Tempo read as arousal: 60 BPM or slower is 0, 180 BPM or faster is 1, linear between.</summary>
    public static double TempoArousal(double bpm) => Math.Clamp((bpm - 60) / 120, 0, 1);

    /// <summary>A track's arousal: its energy blended with its tempo (<paramref name="tempoWeight"/> 0 = energy alone).</summary>
    public static double Arousal(Track track, double tempoWeight)
    {
        ArgumentNullException.ThrowIfNull(track);
        return ((1 - tempoWeight) * track.Energy) + (tempoWeight * TempoArousal(track.Tempo));
    }

    /// <summary>
    /// Distance from the track to the target centre in units of the target's spreads (an ellipse's Mahalanobis
    /// distance with independent axes): 1 is on the region's edge.
    /// </summary>
    public static double Distance(Track track, MusicTarget target, double tempoWeight)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(target);
        var dv = (track.Valence - target.Centre.Valence) / target.ValenceSpread;
        var da = (Arousal(track, tempoWeight) - target.Centre.Arousal) / target.ArousalSpread;
        return Math.Sqrt((dv * dv) + (da * da));
    }

    /// <summary>Fit in (0, 1]: <c>exp(−d²/2)</c>, 1 at the centre, about 0.61 on the region's edge.</summary>
    public static double Score(double distance) => Math.Exp(-0.5 * distance * distance);
}
