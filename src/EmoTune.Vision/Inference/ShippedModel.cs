namespace EmoTune.Vision.Inference;

/// <summary>Finds the emotion model shipped in the repository's <c>models/</c> folder, from wherever EmoTune runs.</summary>
public static class ShippedModel
{
    /// <summary>The shipped model's file name.</summary>
    public const string FileName = "emotune-fer2013.onnx";

    /// <summary>
    /// The first <c>models/emotune-fer2013.onnx</c> found walking up from the application folder; when there is none,
    /// the relative path <c>models/emotune-fer2013.onnx</c> (so the start-up error names where it was expected).
    /// </summary>
    public static string Path => Locate(FileName);

    /// <summary>
    /// The first <c>models/<paramref name="fileName"/></c> found walking up from the application folder (the shipped
    /// emotion models and the YuNet face detector live there); when there is none, the relative path.
    /// </summary>
    public static string Locate(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "models", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return System.IO.Path.Combine("models", fileName);
    }
}
