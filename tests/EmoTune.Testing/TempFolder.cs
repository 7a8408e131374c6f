namespace EmoTune.Testing;

/// <summary>A new empty temporary folder, deleted (best effort) on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    private TempFolder(string path) => Path = path;

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Creates a fresh folder under the system temp directory.</summary>
    public static TempFolder Create() => new(Directory.CreateTempSubdirectory("emotune-test-").FullName);

    /// <summary>A path inside the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder left behind is harmless
        }
    }
}
