using Microsoft.Data.Sqlite;

namespace EmoTune.Music.Tests;

/// <summary>A fresh folder under the system temp folder, deleted (with pooled SQLite handles released) on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "emotune-music-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A handle still open elsewhere; the OS temp cleaner gets it.
        }
    }
}
