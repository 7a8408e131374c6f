namespace EmoTune.Music.Library;

/// <summary>
/// The one place measured audio features become the valence and energy the recommender ranks by, both in [0, 1].
/// Every weight and range is a constant below; the mapping is applied when the library is read, so changing it needs
/// no rescan.
/// </summary>
/// <remarks>
/// <para><b>Energy</b> (arousal) = 0.5·loudness + 0.25·tempo + 0.25·brightness. Loudness, tempo and timbral brightness are
/// the cues most consistently tied to perceived activity: A. Gabrielsson and E. Lindström, "The role of structure in the
/// musical expression of emotions", in <i>Handbook of Music and Emotion</i>, OUP 2010 (loudness and fast tempo → high
/// activity; bright timbre → activity and tension); Y.-H. Yang and H. H. Chen, "Machine recognition of music emotion: a
/// review", ACM TIST 3(3), 2012 (RMS energy, tempo and spectral centroid are the strongest arousal regressors).
/// Loudness is weighted highest, as in Spotify's "energy" (perceived loudness, onset rate, timbre).</para>
/// <para><b>Valence</b> = 0.5 + 0.25·(mode sign × mode confidence) + 0.15·(2·tempo − 1) + 0.10·(2·brightness − 1).
/// Mode is the dominant structural cue for happy–sad judgements, tempo the second: K. Hevner, "The affective character
/// of the major and minor modes in music", Am. J. Psychology 47(1), 1935; L. Gagnon and I. Peretz, "Mode and tempo
/// relative contributions to 'happy-sad' judgements in equitone melodies", Cognition &amp; Emotion 17(1), 2003 (mode and
/// tempo both significant, tempo somewhat stronger for non-musicians); brightness adds a little (Gabrielsson and
/// Lindström 2010: bright timbre with happiness, dull with sadness). Audio-only valence is known to be the harder axis
/// (Yang and Chen 2012 report R² around 0.2–0.3 for valence against 0.6–0.8 for arousal), so the weights are kept
/// moderate and the result stays near 0.5 when the mode is unclear.</para>
/// </remarks>
public static class FeatureMoodMapping
{
    /// <summary>Loudness range mapped to 0–1 (dBFS RMS): −40 dBFS is quiet, −6 dBFS is as loud as mastered pop gets.</summary>
    public const double QuietDbfs = -40, LoudDbfs = -6;

    /// <summary>Tempo range mapped to 0–1, the same as <c>TrackFit.TempoArousal</c> (60–180 BPM).</summary>
    public const double SlowBpm = 60, FastBpm = 180;

    /// <summary>Spectral-centroid range mapped to 0–1 on a log scale: 500 Hz is dull, 5 kHz is bright.</summary>
    public const double DullHz = 500, BrightHz = 5000;

    /// <summary>Energy weights of loudness, tempo and brightness (sum 1).</summary>
    public const double EnergyLoudness = 0.5, EnergyTempo = 0.25, EnergyBrightness = 0.25;

    /// <summary>Valence weights of mode, tempo and brightness around 0.5 (sum 0.5, so valence stays in [0, 1]).</summary>
    public const double ValenceMode = 0.25, ValenceTempo = 0.15, ValenceBrightness = 0.10;

    /// <summary>Loudness on 0–1.</summary>
    public static double Loudness(double dbfs) => Math.Clamp((dbfs - QuietDbfs) / (LoudDbfs - QuietDbfs), 0, 1);

    /// <summary>Tempo on 0–1; no beat (0 BPM) counts as slow.</summary>
    public static double Tempo(double bpm) => Math.Clamp((bpm - SlowBpm) / (FastBpm - SlowBpm), 0, 1);

    /// <summary>Brightness on 0–1 (log scale between <see cref="DullHz"/> and <see cref="BrightHz"/>).</summary>
    public static double Brightness(double centroidHz) =>
        centroidHz <= 0 ? 0 : Math.Clamp(Math.Log(centroidHz / DullHz) / Math.Log(BrightHz / DullHz), 0, 1);

    /// <summary>Energy in [0, 1].</summary>
    public static double Energy(AudioFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Math.Clamp(
            (EnergyLoudness * Loudness(features.LoudnessDbfs)) + (EnergyTempo * Tempo(features.TempoBpm)) + (EnergyBrightness * Brightness(features.CentroidHz)),
            0,
            1);
    }

    /// <summary>Valence in [0, 1].</summary>
    public static double Valence(AudioFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var mode = (features.Key.Mode == MusicalMode.Major ? 1 : -1) * Math.Clamp(features.Key.Confidence, 0, 1);
        return Math.Clamp(
            0.5 + (ValenceMode * mode) + (ValenceTempo * ((2 * Tempo(features.TempoBpm)) - 1)) + (ValenceBrightness * ((2 * Brightness(features.CentroidHz)) - 1)),
            0,
            1);
    }
}
