namespace EmoTune.Music.Library;

/// <summary>
/// Audio features from mono PCM: RMS loudness, onset-autocorrelation tempo, spectral centroid and chroma-based key.
/// Plain functions over arrays, no native code.
/// </summary>
/// <remarks>
/// Onset strength is spectral flux on log-compressed magnitudes (J. P. Bello et al., "A tutorial on onset detection in
/// music signals", IEEE TSAP 13(5), 2005); tempo is the autocorrelation peak of that envelope weighted by a log-normal
/// preference around 120 BPM (D. P. W. Ellis, "Beat tracking by dynamic programming", JNMR 36(1), 2007, §3.1).
/// Chroma folds spectral peaks between 65 Hz and 2.1 kHz onto 12 pitch classes (T. Fujishima, "Realtime chord
/// recognition of musical sound", ICMC 1999).
/// </remarks>
public static class AudioAnalysis
{
    /// <summary>STFT frame for loudness, onsets and brightness (46 ms at 22.05 kHz).</summary>
    public const int FrameSize = 1024;

    /// <summary>STFT hop for onsets (11.6 ms at 22.05 kHz).</summary>
    public const int HopSize = 256;

    /// <summary>STFT frame for chroma (186 ms at 22.05 kHz, 5.4 Hz bins, enough to separate semitones above ~90 Hz).</summary>
    public const int ChromaFrameSize = 4096;

    /// <summary>Tempo search range in BPM.</summary>
    public const double MinTempo = 50, MaxTempo = 220;

    /// <summary>Centre and width (octaves) of the tempo preference (Ellis 2007 uses 120 BPM and about one octave).</summary>
    public const double PreferredTempo = 120, TempoOctaves = 1.0;

    /// <summary>
    /// Smallest onset (relative spectral flux above its local mean) that counts as a beat: a held sine's frame-to-frame
    /// jitter peaks near 0.02, a click or chord change at 5–10.
    /// </summary>
    public const double MinPulse = 0.1;

    /// <summary>All features of <paramref name="pcm"/> (mono, samples in [−1, 1]) at <paramref name="sampleRate"/> Hz.</summary>
    public static AudioFeatures Analyse(ReadOnlySpan<float> pcm, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 4000);
        var rms = Rms(pcm);
        var (centroid, onsets) = CentroidAndOnsets(pcm, sampleRate);
        var tempo = EstimateTempo(onsets, (double)sampleRate / HopSize);
        var key = KeyEstimator.Estimate(Chroma(pcm, sampleRate));
        return new AudioFeatures(tempo, ToDbfs(rms), rms, centroid, key);
    }

    /// <summary>Root mean square of the samples (0 for none).</summary>
    public static double Rms(ReadOnlySpan<float> pcm)
    {
        if (pcm.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (var s in pcm)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / pcm.Length);
    }

    /// <summary>A linear level in dBFS, floored at −120 dB for silence.</summary>
    public static double ToDbfs(double rms) => Math.Max(-120, 20 * Math.Log10(Math.Max(rms, 1e-6)));

    /// <summary>
    /// One STFT pass: the energy-weighted mean spectral centroid in Hz (0 for silence) and the onset-strength envelope
    /// (half-wave rectified spectral flux of log magnitudes relative to a frame's mean log-spectral mass, one value per
    /// <see cref="HopSize"/>).
    /// </summary>
    public static (double CentroidHz, double[] Onsets) CentroidAndOnsets(ReadOnlySpan<float> pcm, int sampleRate)
    {
        var frames = pcm.Length < FrameSize ? 0 : 1 + ((pcm.Length - FrameSize) / HopSize);
        var onsets = new double[frames];
        if (frames == 0)
        {
            return (0, onsets);
        }

        var window = Fft.Hann(FrameSize);
        var re = new double[FrameSize];
        var im = new double[FrameSize];
        var mag = new double[(FrameSize / 2) + 1];
        var previous = new double[mag.Length];
        var binHz = (double)sampleRate / FrameSize;
        double weighted = 0, weights = 0, level = 0;
        for (var f = 0; f < frames; f++)
        {
            Fft.HannMagnitudes(pcm.Slice(f * HopSize, FrameSize), window, re, im, mag);
            double sum = 0, moment = 0, energy = 0, flux = 0;
            for (var k = 1; k < mag.Length; k++)
            {
                sum += mag[k];
                moment += mag[k] * k * binHz;
                energy += mag[k] * mag[k];
                var log = Math.Log(1 + (1000 * mag[k]));
                level += log;
                if (f > 0 && log > previous[k])
                {
                    flux += log - previous[k];
                }

                previous[k] = log;
            }

            onsets[f] = flux;
            if (sum > 1e-9)
            {
                weighted += energy * (moment / sum);
                weights += energy;
            }
        }

        // Flux relative to the mean log-spectral mass of a frame: 0.01 is a 1% change of the whole spectrum, which makes
        // the pulse threshold in EstimateTempo independent of level.
        level /= frames;
        for (var f = 0; f < frames && level > 0; f++)
        {
            onsets[f] /= level;
        }

        return (weights > 0 ? weighted / weights : 0, onsets);
    }

    /// <summary>
    /// Tempo in BPM from a relative onset envelope (as from <see cref="CentroidAndOnsets"/>) sampled at <paramref name="envelopeRate"/> Hz: the envelope minus its local
    /// mean is autocorrelated (unbiased) over lags for <see cref="MinTempo"/>–<see cref="MaxTempo"/>, weighted by the
    /// log-normal tempo preference, and the peak refined by parabolic interpolation. 0 when no onset reaches <see cref="MinPulse"/> or no period stands out.
    /// </summary>
    public static double EstimateTempo(ReadOnlySpan<double> onsets, double envelopeRate)
    {
        var minLag = (int)Math.Floor(60 * envelopeRate / MaxTempo);
        var maxLag = (int)Math.Ceiling(60 * envelopeRate / MinTempo);
        if (onsets.Length < 2 * maxLag)
        {
            return 0;
        }

        // Subtract a moving average (about 0.5 s) and half-wave rectify, so steady sound adds no false periodicity.
        var half = Math.Max(1, (int)(0.25 * envelopeRate));
        var x = new double[onsets.Length];
        double running = 0;
        var prefix = new double[onsets.Length + 1];
        for (var i = 0; i < onsets.Length; i++)
        {
            running += onsets[i];
            prefix[i + 1] = running;
        }

        double peak = 0;
        for (var i = 0; i < onsets.Length; i++)
        {
            var lo = Math.Max(0, i - half);
            var hi = Math.Min(onsets.Length, i + half + 1);
            var mean = (prefix[hi] - prefix[lo]) / (hi - lo);
            x[i] = Math.Max(0, onsets[i] - mean);
            peak = Math.Max(peak, x[i]);
        }

        if (peak < MinPulse)
        {
            return 0;
        }

        var mu = x.Average();
        for (var i = 0; i < x.Length; i++)
        {
            x[i] -= mu;
        }

        double zero = 0;
        foreach (var v in x)
        {
            zero += v * v;
        }

        zero /= x.Length;
        var acf = new double[maxLag + 2];
        for (var lag = Math.Max(1, minLag - 1); lag <= maxLag + 1 && lag < x.Length; lag++)
        {
            double s = 0;
            for (var i = lag; i < x.Length; i++)
            {
                s += x[i] * x[i - lag];
            }

            acf[lag] = s / (x.Length - lag);
        }

        var best = -1;
        var bestScore = 0.0;
        for (var lag = Math.Max(2, minLag); lag <= maxLag; lag++)
        {
            var bpm = 60 * envelopeRate / lag;
            var octaves = Math.Log2(bpm / PreferredTempo) / TempoOctaves;
            var score = acf[lag] * Math.Exp(-0.5 * octaves * octaves);
            if (acf[lag] > 0 && acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1] && score > bestScore)
            {
                best = lag;
                bestScore = score;
            }
        }

        // A pulse must stand out: its autocorrelation at least a tenth of the envelope's variance.
        if (best < 0 || acf[best] < 0.1 * zero)
        {
            return 0;
        }

        var (a, b, c) = (acf[best - 1], acf[best], acf[best + 1]);
        var denominator = a - (2 * b) + c;
        var offset = Math.Abs(denominator) < 1e-12 ? 0 : Math.Clamp(0.5 * (a - c) / denominator, -0.5, 0.5);
        return 60 * envelopeRate / (best + offset);
    }

    /// <summary>
    /// A 12-bin chroma vector (C first), summed over <see cref="ChromaFrameSize"/> frames with half overlap from the
    /// spectral peaks between 65 Hz and 2.1 kHz, normalised to sum 1 (all zeros for silence).
    /// </summary>
    public static double[] Chroma(ReadOnlySpan<float> pcm, int sampleRate)
    {
        var chroma = new double[12];
        var hop = ChromaFrameSize / 2;
        var frames = pcm.Length < ChromaFrameSize ? 0 : 1 + ((pcm.Length - ChromaFrameSize) / hop);
        var window = Fft.Hann(ChromaFrameSize);
        var re = new double[ChromaFrameSize];
        var im = new double[ChromaFrameSize];
        var mag = new double[(ChromaFrameSize / 2) + 1];
        var binHz = (double)sampleRate / ChromaFrameSize;
        var lo = Math.Max(1, (int)Math.Ceiling(65 / binHz));
        var hi = Math.Min(mag.Length - 2, (int)Math.Floor(2100 / binHz));
        for (var f = 0; f < frames; f++)
        {
            Fft.HannMagnitudes(pcm.Slice(f * hop, ChromaFrameSize), window, re, im, mag);
            var max = 0.0;
            for (var k = lo; k <= hi; k++)
            {
                max = Math.Max(max, mag[k]);
            }

            if (max <= 1e-9)
            {
                continue;
            }

            for (var k = lo; k <= hi; k++)
            {
                // Peaks only, and not the floor: window leakage would smear each partial into its neighbours' classes.
                if (mag[k] > mag[k - 1] && mag[k] >= mag[k + 1] && mag[k] > 0.05 * max)
                {
                    // Refine the peak's frequency by parabolic interpolation before folding it onto a pitch class.
                    var denominator = mag[k - 1] - (2 * mag[k]) + mag[k + 1];
                    var offset = Math.Abs(denominator) < 1e-12 ? 0 : 0.5 * (mag[k - 1] - mag[k + 1]) / denominator;
                    var hz = (k + offset) * binHz;
                    var pc = (int)Math.Round(12 * Math.Log2(hz / 261.6256));
                    chroma[((pc % 12) + 12) % 12] += mag[k] / max;
                }
            }
        }

        var total = chroma.Sum();
        if (total > 0)
        {
            for (var i = 0; i < 12; i++)
            {
                chroma[i] /= total;
            }
        }

        return chroma;
    }
}
