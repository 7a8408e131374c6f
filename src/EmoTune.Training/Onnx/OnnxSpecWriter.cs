using EmoTune.Core.ModelSpec;

namespace EmoTune.Training.Onnx;

/// <summary>Rewrites an exported model's spec (the ONNX metadata and the JSON beside it) without touching its graph.</summary>
public static class OnnxSpecWriter
{
    /// <summary>
    /// Writes <paramref name="source"/> to <paramref name="output"/> (which may be the same file) with
    /// <paramref name="change"/> applied to its spec, in its metadata and in <c>output.json</c>; returns the new spec.
    /// </summary>
    /// <exception cref="FileNotFoundException">The source model is missing.</exception>
    /// <exception cref="InvalidDataException">The source is not an EmoTune ONNX export, or the changed spec is invalid.</exception>
    public static EmotionModelSpec Write(string source, string output, Func<EmotionModelSpec, EmotionModelSpec> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"ONNX model not found: {source}", source);
        }

        var original = File.ReadAllBytes(source);
        var spec = change(EmotionModelSpec.FromModel(OnnxModelReader.Parse(original, source).Metadata, source));
        spec.Validate(output);
        var bytes = OnnxModelReader.WithMetadata(original, EmotionModelSpec.MetadataKey, spec.ToJson());
        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        // Written beside and moved, so a failure never leaves half a model where a whole one was.
        var temporary = output + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, output, overwrite: true);
        File.WriteAllText(EmotionModelSpec.SidecarPath(output), spec.ToJson());
        return spec;
    }
}
