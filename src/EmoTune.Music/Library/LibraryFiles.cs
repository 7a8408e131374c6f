namespace EmoTune.Music.Library;

/// <summary>Which files the library indexes, their MIME types, and path checks that keep playback inside indexed folders.</summary>
public static class LibraryFiles
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp3"] = "audio/mpeg",
        [".flac"] = "audio/flac",
        [".ogg"] = "audio/ogg",
        [".m4a"] = "audio/mp4",
        [".wav"] = "audio/wav",
    };

    /// <summary>The indexed extensions, with the dot.</summary>
    public static IReadOnlyCollection<string> Extensions => ContentTypes.Keys;

    /// <summary>Whether <paramref name="path"/> has an indexed extension (ignoring case).</summary>
    public static bool IsSupported(string path) => ContentTypes.ContainsKey(System.IO.Path.GetExtension(path));

    /// <summary>The MIME type for <paramref name="path"/>'s extension; <c>application/octet-stream</c> for others.</summary>
    public static string ContentType(string path) =>
        ContentTypes.TryGetValue(System.IO.Path.GetExtension(path), out var type) ? type : "application/octet-stream";

    /// <summary>
    /// The canonical path: absolute, with every symbolic link along it resolved (like POSIX <c>realpath</c>), so two
    /// paths to the same file compare equal and a link cannot hide where a file really is.
    /// </summary>
    /// <exception cref="IOException">More than 40 links were followed (a loop).</exception>
    public static string RealPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        var hops = 0;
        while (true)
        {
            var root = System.IO.Path.GetPathRoot(full)!;
            var parts = full[root.Length..].Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var current = root;
            string? restart = null;
            for (var i = 0; i < parts.Length; i++)
            {
                var next = System.IO.Path.Combine(current, parts[i]);
                var target = new FileInfo(next).LinkTarget;
                if (target is not null)
                {
                    if (++hops > 40)
                    {
                        throw new IOException($"{path}: too many levels of symbolic links.");
                    }

                    var resolved = System.IO.Path.GetFullPath(target, current);
                    restart = System.IO.Path.Combine([resolved, .. parts[(i + 1)..]]);
                    break;
                }

                current = next;
            }

            if (restart is null)
            {
                return current;
            }

            full = System.IO.Path.GetFullPath(restart);
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> lies strictly inside <paramref name="folder"/> once both are made canonical with
    /// <see cref="RealPath"/>: a <c>..</c> segment or a symbolic link pointing out of the folder is outside.
    /// </summary>
    public static bool IsInside(string folder, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var root = RealPath(folder);
        var file = RealPath(path);
        var prefix = root.EndsWith(System.IO.Path.DirectorySeparatorChar) ? root : root + System.IO.Path.DirectorySeparatorChar;
        return file.Length > prefix.Length && file.StartsWith(prefix, StringComparison.Ordinal);
    }
}
