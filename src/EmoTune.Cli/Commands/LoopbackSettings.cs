namespace EmoTune.Cli.Commands;

/// <summary>What <c>bench loopback</c> measures: the model, the frames, the rate, the stream counts.</summary>
internal sealed record LoopbackSettings(
    string ModelPath,
    string FacesFolder,
    string Detector,
    int FacesPerFrame,
    double FramesPerSecond,
    double Seconds,
    int[] Streams,
    string? JsonPath)
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

        if (Streams.Length == 0 || Streams.Any(n => n is < 1 or > 256))
        {
            throw new ArgumentException($"--streams must list counts from 1 to 256, got '{string.Join(' ', Streams)}'.");
        }
    }
}
