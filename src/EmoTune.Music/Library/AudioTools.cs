using FFMpegCore;

namespace EmoTune.Music.Library;

/// <summary>Finds the <c>ffmpeg</c> and <c>ffprobe</c> programs FFMpegCore runs, and says clearly when they are missing.</summary>
public static class AudioTools
{
    /// <summary>
    /// Checks that <c>ffmpeg</c> and <c>ffprobe</c> exist in FFMpegCore's binary folder, or on <c>PATH</c> when none is set.
    /// </summary>
    /// <exception cref="FileNotFoundException">One is missing; the message says how to install it.</exception>
    public static void EnsureAvailable()
    {
        foreach (var tool in new[] { "ffprobe", "ffmpeg" })
        {
            if (Find(tool) is null)
            {
                throw new FileNotFoundException(
                    $"{tool} was not found on PATH{(string.IsNullOrEmpty(GlobalFFOptions.Current.BinaryFolder) ? "" : " or in " + GlobalFFOptions.Current.BinaryFolder)}: " +
                    "the music library needs ffmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg, or run scripts/bootstrap.sh).",
                    tool);
            }
        }
    }

    /// <summary>The full path of <paramref name="tool"/>, or null when it cannot be found.</summary>
    public static string? Find(string tool)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        var folders = new List<string>();
        if (!string.IsNullOrEmpty(GlobalFFOptions.Current.BinaryFolder))
        {
            folders.Add(GlobalFFOptions.Current.BinaryFolder);
        }
        else
        {
            folders.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        var name = OperatingSystem.IsWindows() ? tool + ".exe" : tool;
        return folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
    }
}
