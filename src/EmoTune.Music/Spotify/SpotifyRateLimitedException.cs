namespace EmoTune.Music.Spotify;

/// <summary>Spotify answered 429 Too Many Requests with a wait longer than EmoTune waits, or too often in a row.</summary>
public sealed class SpotifyRateLimitedException : SpotifyException
{
    /// <summary>A rate-limit error with the default message and a one-second wait.</summary>
    public SpotifyRateLimitedException()
        : this(TimeSpan.FromSeconds(1))
    {
    }

    /// <summary>A rate-limit error with a message.</summary>
    public SpotifyRateLimitedException(string message)
        : base(message, 429)
    {
        RetryAfter = TimeSpan.FromSeconds(1);
    }

    /// <summary>A rate-limit error with a message and its cause.</summary>
    public SpotifyRateLimitedException(string message, Exception innerException)
        : base(message, innerException)
    {
        RetryAfter = TimeSpan.FromSeconds(1);
    }

    /// <summary>A rate-limit error asking to wait <paramref name="retryAfter"/>.</summary>
    public SpotifyRateLimitedException(TimeSpan retryAfter)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Spotify is rate-limiting EmoTune: try again in {Math.Ceiling(retryAfter.TotalSeconds)} s."), 429)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long Spotify asked to wait.</summary>
    public TimeSpan RetryAfter { get; }
}
