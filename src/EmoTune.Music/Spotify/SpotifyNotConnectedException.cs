namespace EmoTune.Music.Spotify;

/// <summary>The profile has no (usable) Spotify connection: connect Spotify first, or again after access was revoked.</summary>
public sealed class SpotifyNotConnectedException : SpotifyException
{
    /// <summary>The default message.</summary>
    public SpotifyNotConnectedException()
        : base("Spotify is not connected for this profile: connect Spotify first.")
    {
    }

    /// <summary>A specific message.</summary>
    public SpotifyNotConnectedException(string message)
        : base(message)
    {
    }

    /// <summary>A specific message and its cause.</summary>
    public SpotifyNotConnectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
