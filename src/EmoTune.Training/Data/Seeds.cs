namespace EmoTune.Training.Data;

/// <summary>
/// Deterministic seed mixing (SplitMix64). <see cref="HashCode"/> is randomised per process, so it must never derive
/// seeds that a resumed run has to reproduce.
/// </summary>
public static class Seeds
{
    /// <summary>A well-mixed 31-bit seed from two values.</summary>
    public static int Mix(long a, long b)
    {
        var z = unchecked((ulong)a * 0x9E3779B97F4A7C15UL + (ulong)b + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
