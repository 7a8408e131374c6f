using System.Globalization;
using FFMpegCore;

namespace EmoTune.Music.Library;

/// <summary>
/// Reads one audio file: tags and duration through ffprobe (FFMpegCore), then features from a decoded excerpt taken
/// from the middle of the track, where the intro and fade-out do not distort tempo and loudness.
/// </summary>
/// <param name="excerpt">How much audio to decode (default 30 s); shorter tracks are decoded whole.</param>
/// <param name="timeout">How long one file may take before it is reported as failed (default 2 min).</param>
public sealed class TrackAnalyzer(TimeSpan? excerpt = null, TimeSpan? timeout = null)
{
    /// <summary>Decoded excerpt length.</summary>
    public TimeSpan Excerpt { get; } = excerpt is { } e && e > TimeSpan.Zero ? e : TimeSpan.FromSeconds(30);

    /// <summary>Per-file time limit.</summary>
    public TimeSpan Timeout { get; } = timeout is { } t && t > TimeSpan.Zero ? t : TimeSpan.FromMinutes(2);

    /// <summary>Probes and analyses <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file has no audio stream or no decodable audio; the message says which.</exception>
    /// <exception cref="FFMpegCore.Exceptions.FFMpegException">ffprobe or ffmpeg rejected the file.</exception>
    /// <exception cref="TimeoutException">The file took longer than <see cref="Timeout"/>.</exception>
    public async Task<(LibraryTags Tags, double DurationSeconds, AudioFeatures Features)> AnalyseAsync(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Timeout);
        try
        {
            var probe = await FFProbe.AnalyseAsync(path, cancellationToken: limit.Token);
            var audio = probe.PrimaryAudioStream ?? throw new InvalidDataException("no audio stream");
            var duration = probe.Duration > TimeSpan.Zero ? probe.Duration : audio.Duration;
            var start = duration > Excerpt ? (duration - Excerpt) / 2 : TimeSpan.Zero;
            var pcm = await AudioDecoder.DecodeAsync(path, start, Excerpt, limit.Token);
            if (pcm.Length < AudioDecoder.SampleRate / 10)
            {
                throw new InvalidDataException("no decodable audio (under 0.1 s decoded)");
            }

            var tags = ReadTags(probe.Format.Tags, audio.Tags);
            return (tags, duration.TotalSeconds, AudioAnalysis.Analyse(pcm, AudioDecoder.SampleRate));
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"took longer than {Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Title, artist, album, genre and year from container tags, falling back to the audio stream's (Ogg keeps them there).</summary>
    public static LibraryTags ReadTags(IReadOnlyDictionary<string, string>? format, IReadOnlyDictionary<string, string>? stream)
    {
        string? Tag(params string[] names)
        {
            foreach (var source in new[] { format, stream })
            {
                if (source is null)
                {
                    continue;
                }

                foreach (var name in names)
                {
                    foreach (var (key, value) in source)
                    {
                        if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value))
                        {
                            return value.Trim();
                        }
                    }
                }
            }

            return null;
        }

        var date = Tag("date", "year", "TDRC", "TYER");
        int? year = date is { Length: >= 4 } && int.TryParse(date.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is > 0 and < 10000 ? y : null;
        return new LibraryTags(Tag("title"), Tag("artist", "album_artist", "ALBUMARTIST"), Tag("album"), Tag("genre"), year);
    }
}
