namespace EmoTune.Music.Tests.Library;

/// <summary>Synthetic PCM for the pure feature tests (no ffmpeg).</summary>
internal static class Signals
{
    public const int Rate = 22050;

    public static float[] Sine(double hz, double amplitude, double seconds)
    {
        var pcm = new float[(int)(seconds * Rate)];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / Rate));
        }

        return pcm;
    }

    /// <summary>15 ms bursts of a 1 kHz tone every beat.</summary>
    public static float[] Clicks(double bpm, double seconds)
    {
        var pcm = new float[(int)(seconds * Rate)];
        var period = 60 / bpm;
        for (var i = 0; i < pcm.Length; i++)
        {
            var t = (double)i / Rate;
            pcm[i] = t % period < 0.015 ? (float)(0.8 * Math.Sin(2 * Math.PI * 1000 * t)) : 0;
        }

        return pcm;
    }

    /// <summary>Chords (MIDI note numbers) each held <paramref name="secondsPerChord"/>, repeated to fill <paramref name="seconds"/>.</summary>
    public static float[] Progression(double secondsPerChord, double seconds, params int[][] chords)
    {
        var pcm = new float[(int)(seconds * Rate)];
        for (var i = 0; i < pcm.Length; i++)
        {
            var t = (double)i / Rate;
            var chord = chords[(int)(t / secondsPerChord) % chords.Length];
            double s = 0;
            foreach (var note in chord)
            {
                var hz = 440 * Math.Pow(2, (note - 69) / 12.0);
                s += (0.15 * Math.Sin(2 * Math.PI * hz * t)) + (0.05 * Math.Sin(4 * Math.PI * hz * t));
            }

            pcm[i] = (float)s;
        }

        return pcm;
    }

    // C major: C–F–G–C (I–IV–V–I); A minor: Am–Dm–E–Am (i–iv–V–i, the V with its leading tone G#).
    public static readonly int[][] CMajor = [[60, 64, 67], [65, 69, 72], [67, 71, 74], [60, 64, 67]];
    public static readonly int[][] AMinor = [[57, 60, 64], [62, 65, 69], [64, 68, 71], [57, 60, 64]];
}
