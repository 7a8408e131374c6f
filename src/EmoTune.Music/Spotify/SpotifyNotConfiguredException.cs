namespace EmoTune.Music.Spotify;

/// <summary>Spotify is off because no Client ID is configured.</summary>
public sealed class SpotifyNotConfiguredException : SpotifyException
{
    /// <summary>The default message, which says how to turn Spotify on.</summary>
    public SpotifyNotConfiguredException()
        : base("Spotify is not configured: set Spotify:ClientId (e.g. --Spotify:ClientId=<your app's Client ID>) to the Client ID of an app created in the Spotify developer dashboard.")
    {
    }

    /// <summary>A specific message.</summary>
    public SpotifyNotConfiguredException(string message)
        : base(message)
    {
    }

    /// <summary>A specific message and its cause.</summary>
    public SpotifyNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
