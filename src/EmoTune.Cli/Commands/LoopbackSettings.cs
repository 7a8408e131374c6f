namespace EmoTune.Cli.Commands;

/// <summary>
/// What <c>bench loopback</c> measures: the model, the frames, the rate, the stream counts, and how many simulated
/// on-device clients (sending results, not frames, at the same rate) run beside each count of server-mode streams.
/// </summary>
internal sealed record LoopbackSettings(
    string ModelPath,
    string FacesFolder,
    string Detector,
    int FacesPerFrame,
    double FramesPerSecond,
    double Seconds,
    int[] Streams,
    string? JsonPath,
    int OnDevice = 0,
    string? Target = null,
    int[]? Pids = null)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        if (!File.Exists(ModelPath))
        {
            throw new FileNotFoundException($"{ModelPath}: model not found.");
        }

        if (FacesPerFrame is < 1 or > 3)
        {
            throw new ArgumentException($"--faces-per-frame must be 1, 2 or 3, got {FacesPerFrame}.");
        }

        if (FramesPerSecond is <= 0 or > 1000)
        {
            throw new ArgumentException($"--fps must be above 0 and at most 1000, got {FramesPerSecond}.");
        }

        if (Seconds <= 0)
        {
            throw new ArgumentException($"--seconds must be positive, got {Seconds}.");
        }

        if (Streams.Length == 0 || Streams.Any(n => n is < 0 or > 256) || (OnDevice == 0 && Streams.Contains(0)))
        {
            throw new ArgumentException($"--streams must list counts from 1 to 256 (0 too with --on-device), got '{string.Join(' ', Streams)}'.");
        }

        if (Target is not null && (!Uri.TryCreate(Target, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"--target must be an http(s) address such as http://127.0.0.1:5080, got '{Target}'.");
        }

        if (Pids is { Length: > 0 } && Target is null)
        {
            throw new ArgumentException("--pids needs --target (without it the server is this process).");
        }

        if (OnDevice is < 0 or > 2000)
        {
            throw new ArgumentException($"--on-device must be from 0 to 2000 clients, got {OnDevice}.");
        }
    }
}
