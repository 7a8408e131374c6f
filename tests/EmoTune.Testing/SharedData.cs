namespace EmoTune.Testing;

/// <summary>
/// Finds <c>../shared</c> (beside the checkout) for tests that read FER2013 or the YuNet model. A test that needs it
/// fails with a clear message when it is missing: it never skips silently.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The <c>shared</c> folder; throws naming where it was looked for when absent.</summary>
    public static string Directory => Root.Value ?? throw new InvalidOperationException(
        "These tests need FER2013 in ../shared/datasets/fer2013 (beside the repository checkout) or EMOTUNE_SHARED=<path>; it was not found. See README.md.");

    /// <summary>The FER2013 image-folder root (holding train/ and test/).</summary>
    public static string Fer2013 => Require(Path.Combine(Directory, "datasets", "fer2013"));

    /// <summary>The FER2013 test split folder.</summary>
    public static string Fer2013Test => Require(Path.Combine(Fer2013, "test"));

    /// <summary>The FER2013 train split folder.</summary>
    public static string Fer2013Train => Require(Path.Combine(Fer2013, "train"));

    /// <summary>The YuNet face detector model.</summary>
    public static string YuNetModel => RequireFile(Path.Combine(Directory, "models", "face_detection_yunet.onnx"));

    /// <summary>The repository root (holding EmoTune.slnx).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EmoTune.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"EmoTune.slnx not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The shipped model in models/.</summary>
    public static string ShippedModel => ShippedFile("emotune-fer2013.onnx");

    /// <summary>A file in models/ (e.g. <c>emotune-fer2013-slim.onnx</c>, the faster pruned model); fails when it is missing.</summary>
    public static string ShippedFile(string name) => RequireFile(Path.Combine(RepositoryRoot, "models", name));

    /// <summary>Image files of one class in the FER2013 test split, sorted by name.</summary>
    public static IReadOnlyList<string> TestImages(string className) =>
        System.IO.Directory.GetFiles(Path.Combine(Fer2013Test, className)).Order(StringComparer.Ordinal).ToArray();

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("EMOTUNE_SHARED");
        if (!string.IsNullOrEmpty(env) && System.IO.Directory.Exists(env))
        {
            return env;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", "fer2013");
            if (System.IO.Directory.Exists(candidate))
            {
                return Path.Combine(dir.FullName, "shared");
            }
        }

        return null;
    }

    private static string Require(string path) =>
        System.IO.Directory.Exists(path) ? path : throw new InvalidOperationException($"Required test data folder {path} is missing. See README.md.");

    private static string RequireFile(string path) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"Required test file {path} is missing.");
}
