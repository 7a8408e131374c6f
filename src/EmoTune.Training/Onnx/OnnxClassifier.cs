using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using EmoTune.Training.Evaluation;
using Microsoft.ML.OnnxRuntime;

namespace EmoTune.Training.Onnx;

/// <summary>
/// Runs an exported EmoTune model through ONNX Runtime (one session, <see cref="OrtValue"/> API). The spec comes from
/// the file's metadata, or from the JSON beside it; a model with neither is refused.
/// </summary>
public sealed class OnnxClassifier : IBatchClassifier, IDisposable
{
    private readonly InferenceSession _session;

    /// <summary>Loads <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not a usable EmoTune model.</exception>
    public OnnxClassifier(string path, int threads = 0)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: model file not found.", path);
        }

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
        }

        try
        {
            _session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{path}: ONNX Runtime cannot load it: {ex.Message}", ex);
        }

        Spec = ReadSpec(_session, path);
    }

    /// <inheritdoc />
    public EmotionModelSpec Spec { get; }

    /// <summary>Reads the spec from metadata, else from the sidecar JSON.</summary>
    public static EmotionModelSpec ReadSpec(InferenceSession session, string path) =>
        EmotionModelSpec.FromModel(session.ModelMetadata.CustomMetadataMap, path);

    /// <inheritdoc />
    public float[] Logits(ReadOnlySpan<float> batch, int count)
    {
        var length = count * Spec.InputWidth * Spec.InputHeight;
        var data = batch[..length].ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(data, [count, 1, Spec.InputHeight, Spec.InputWidth]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [Spec.InputName], [input], [Spec.OutputName]);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        if (logits.Length != count * EmotionLabels.Count)
        {
            throw new InvalidDataException($"Model returned {logits.Length} values for {count} images; expected {count * EmotionLabels.Count}.");
        }

        return logits.ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
