using Microsoft.Extensions.Options;

namespace EmoTune.Music.Library;

/// <summary>
/// Decides which local file a track id may play. A file is served only when its id is in the index, it was read
/// successfully, it still exists, and its canonical path (every symbolic link resolved) lies inside an allowed folder:
/// one configured in <c>Music:Library:Folders</c> or recorded by a scan. Anything else is "not found".
/// </summary>
public sealed class LibraryAudioLocator(SqliteLibraryStore store, IOptions<LibraryOptions> options)
{
    /// <summary>The folders playback is allowed from: configured and scanned, canonical, without duplicates.</summary>
    public async Task<IReadOnlyList<string>> GetAllowedFoldersAsync(CancellationToken ct = default)
    {
        var folders = new List<string>();
        foreach (var folder in options.Value.Folders.Concat(await store.GetRootsAsync(ct)))
        {
            if (Directory.Exists(folder))
            {
                var real = LibraryFiles.RealPath(folder);
                if (!folders.Contains(real, StringComparer.Ordinal))
                {
                    folders.Add(real);
                }
            }
        }

        return folders;
    }

    /// <summary>The file for <paramref name="trackId"/>, or null when it may not be played (or does not exist).</summary>
    public async Task<LibraryAudio?> FindAsync(string trackId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(trackId) || !trackId.StartsWith(LibraryEntry.SourceName + ":", StringComparison.Ordinal))
        {
            return null;
        }

        var entry = await store.FindAsync(trackId, ct);
        if (entry is null || entry.Error is not null || !File.Exists(entry.Path) || !LibraryFiles.IsSupported(entry.Path))
        {
            return null;
        }

        string real;
        try
        {
            real = LibraryFiles.RealPath(entry.Path);
        }
        catch (IOException)
        {
            return null;
        }

        foreach (var folder in await GetAllowedFoldersAsync(ct))
        {
            var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
            if (real.StartsWith(prefix, StringComparison.Ordinal) && File.Exists(real))
            {
                return new LibraryAudio(real, LibraryFiles.ContentType(real));
            }
        }

        return null;
    }
}
