namespace EmoTune.Music.Spotify;

/// <summary>Spotify refused or failed a request; the message says which call and why, and never holds a token.</summary>
public class SpotifyException : Exception
{
    /// <summary>An error without details.</summary>
    public SpotifyException()
    {
    }

    /// <summary>An error with a message.</summary>
    public SpotifyException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a message and its cause.</summary>
    public SpotifyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An error Spotify answered with <paramref name="statusCode"/> and OAuth error code <paramref name="error"/>.</summary>
    public SpotifyException(string message, int? statusCode, string? error = null)
        : base(message)
    {
        StatusCode = statusCode;
        Error = error;
    }

    /// <summary>The HTTP status Spotify answered with, when it answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The OAuth error code (e.g. <c>invalid_grant</c>), for accounts-service errors.</summary>
    public string? Error { get; }
}
