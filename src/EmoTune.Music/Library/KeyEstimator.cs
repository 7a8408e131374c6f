namespace EmoTune.Music.Library;

/// <summary>
/// Key and mode from a 12-bin chroma vector by correlation with the Krumhansl–Kessler key profiles, the
/// Krumhansl–Schmuckler algorithm.
/// </summary>
/// <remarks>
/// Profiles: C. L. Krumhansl and E. J. Kessler, "Tracing the dynamic changes in perceived tonal organization in a spatial
/// representation of musical keys", Psychological Review 89(4), 1982 (probe-tone ratings); algorithm: C. L. Krumhansl,
/// <i>Cognitive Foundations of Musical Pitch</i>, 1990, ch. 4. Audio chroma in place of symbolic durations as in
/// E. Gómez, "Tonal description of music audio signals", PhD thesis, UPF 2006.
/// </remarks>
public static class KeyEstimator
{
    /// <summary>Krumhansl–Kessler major profile, tonic first.</summary>
    public static readonly IReadOnlyList<double> MajorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];

    /// <summary>Krumhansl–Kessler minor profile, tonic first.</summary>
    public static readonly IReadOnlyList<double> MinorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    /// <summary>The key whose rotated profile correlates best (Pearson) with <paramref name="chroma"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="chroma"/> does not have 12 bins.</exception>
    public static KeyEstimate Estimate(ReadOnlySpan<double> chroma)
    {
        if (chroma.Length != 12)
        {
            throw new ArgumentException($"a chroma vector has 12 bins, got {chroma.Length}.", nameof(chroma));
        }

        double bestMajor = double.NegativeInfinity, bestMinor = double.NegativeInfinity;
        int majorTonic = 0, minorTonic = 0;
        for (var tonic = 0; tonic < 12; tonic++)
        {
            var rMajor = Correlate(chroma, MajorProfile, tonic);
            var rMinor = Correlate(chroma, MinorProfile, tonic);
            if (rMajor > bestMajor)
            {
                (bestMajor, majorTonic) = (rMajor, tonic);
            }

            if (rMinor > bestMinor)
            {
                (bestMinor, minorTonic) = (rMinor, tonic);
            }
        }

        if (double.IsNaN(bestMajor) || double.IsNaN(bestMinor) || double.IsNegativeInfinity(bestMajor))
        {
            return new KeyEstimate(0, MusicalMode.Major, 0);
        }

        var confidence = Math.Clamp(Math.Abs(bestMajor - bestMinor), 0, 1);
        return bestMajor >= bestMinor
            ? new KeyEstimate(majorTonic, MusicalMode.Major, confidence)
            : new KeyEstimate(minorTonic, MusicalMode.Minor, confidence);
    }

    private static double Correlate(ReadOnlySpan<double> chroma, IReadOnlyList<double> profile, int tonic)
    {
        double meanX = 0, meanY = 0;
        for (var pc = 0; pc < 12; pc++)
        {
            meanX += chroma[pc];
            meanY += profile[pc];
        }

        meanX /= 12;
        meanY /= 12;
        double sxy = 0, sxx = 0, syy = 0;
        for (var pc = 0; pc < 12; pc++)
        {
            var x = chroma[pc] - meanX;
            var y = profile[(pc - tonic + 12) % 12] - meanY;
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
        }

        return sxx <= 1e-18 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
