using System.Runtime.InteropServices;
using FFMpegCore;
using FFMpegCore.Pipes;

namespace EmoTune.Music.Library;

/// <summary>Decodes an excerpt of an audio file to mono float PCM in memory, through ffmpeg's standard output (no temp files).</summary>
public static class AudioDecoder
{
    /// <summary>The sample rate features are computed at (enough for tempo, brightness up to 11 kHz and chroma).</summary>
    public const int SampleRate = 22050;

    /// <summary>
    /// Decodes <paramref name="length"/> of the first audio stream of <paramref name="path"/> from <paramref name="start"/>
    /// to mono 32-bit float samples at <see cref="SampleRate"/> Hz. Memory is bounded by the excerpt's length.
    /// </summary>
    /// <exception cref="FFMpegCore.Exceptions.FFMpegException">ffmpeg could not decode the file.</exception>
    public static async Task<float[]> DecodeAsync(string path, TimeSpan start, TimeSpan length, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        using var buffer = new MemoryStream((int)Math.Min(int.MaxValue / 2, length.TotalSeconds * SampleRate * sizeof(float)) + 4096);
        await FFMpegArguments
            .FromFileInput(path, options => options.WithStartTime(start).WithDuration(length))
            .OutputToPipe(new StreamPipeSink(buffer), options => options
                .WithCustomArgument("-map 0:a:0 -vn -sn -dn -ac 1")
                .WithAudioSamplingRate(SampleRate)
                .ForceFormat("f32le"))
            .ProcessAsynchronously(cancellationToken: ct);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return BitConverter.IsLittleEndian
            ? MemoryMarshal.Cast<byte, float>(bytes[..(bytes.Length & ~3)]).ToArray()
            : throw new PlatformNotSupportedException("f32le samples are read on little-endian machines only.");
    }
}
