namespace EmoTune.Cli.Commands;

/// <summary>Finds the model shipped in the repository's <c>models/</c> folder (or beside the installed CLI).</summary>
internal static class ShippedModel
{
    public const string FileName = "emotune-fer2013.onnx";

    public static string Path
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "models", FileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return System.IO.Path.Combine("models", FileName);
        }
    }
}
