using System.Buffers;
using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;
using Microsoft.ML.OnnxRuntime;

namespace EmoTune.Vision.Inference;

/// <summary>
/// Runs an exported EmoTune model with ONNX Runtime: one <see cref="InferenceSession"/> for the model's lifetime (register
/// it as a singleton), the <see cref="OrtValue"/> API over the caller's memory for input and a pooled buffer for output,
/// and a whole batch of faces in one <c>Run</c>. The spec comes from the model's <c>emotune.spec</c> metadata or the
/// <c>.onnx.json</c> beside it; a model with neither, or whose inputs and outputs disagree with its spec, is refused.
/// </summary>
public sealed class OnnxEmotionClassifier : IEmotionClassifier, IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _imageLength;

    /// <summary>Loads the model at <paramref name="modelPath"/>.</summary>
    /// <param name="modelPath">The <c>.onnx</c> file.</param>
    /// <param name="threads">ONNX Runtime intra-op threads; 0 lets it choose.</param>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not a usable EmoTune model.</exception>
    public OnnxEmotionClassifier(string modelPath, int threads = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"{modelPath}: emotion model not found.", modelPath);
        }

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
        }

        try
        {
            _session = new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{modelPath}: ONNX Runtime cannot load it: {ex.Message}", ex);
        }

        try
        {
            Spec = EmotionModelSpec.FromModel(_session.ModelMetadata.CustomMetadataMap, modelPath);
            CheckSignature(_session, Spec, modelPath);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        ModelPath = modelPath;
        _inputNames = [Spec.InputName];
        _outputNames = [Spec.OutputName];
        _imageLength = Spec.InputWidth * Spec.InputHeight;
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <inheritdoc />
    public EmotionModelSpec Spec { get; }

    /// <inheritdoc />
    public EmotionScores[] Classify(Memory<float> inputs, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return [];
        }

        var inputLength = count * _imageLength;
        if (inputs.Length < inputLength)
        {
            throw new ArgumentException($"{count} image(s) need {inputLength} floats; got {inputs.Length}.", nameof(inputs));
        }

        var outputLength = count * EmotionLabels.Count;
        var logits = ArrayPool<float>.Shared.Rent(outputLength);
        try
        {
            using var input = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, inputs[..inputLength], [count, 1, Spec.InputHeight, Spec.InputWidth]);
            using var output = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, logits.AsMemory(0, outputLength), [count, EmotionLabels.Count]);
            using var runOptions = new RunOptions();
            _session.Run(runOptions, _inputNames, [input], _outputNames, [output]);

            var results = new EmotionScores[count];
            for (var i = 0; i < count; i++)
            {
                results[i] = EmotionScores.FromLogits(logits.AsSpan(i * EmotionLabels.Count, EmotionLabels.Count), Spec.SoftmaxTemperature);
            }

            return results;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(logits);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private static void CheckSignature(InferenceSession session, EmotionModelSpec spec, string modelPath)
    {
        if (!session.InputMetadata.TryGetValue(spec.InputName, out var input))
        {
            throw new InvalidDataException($"{modelPath}: its spec names input '{spec.InputName}', but the model's inputs are [{string.Join(", ", session.InputMetadata.Keys)}].");
        }

        if (!session.OutputMetadata.TryGetValue(spec.OutputName, out var output))
        {
            throw new InvalidDataException($"{modelPath}: its spec names output '{spec.OutputName}', but the model's outputs are [{string.Join(", ", session.OutputMetadata.Keys)}].");
        }

        // Fixed dimensions must agree with the spec; the batch dimension (negative: symbolic) may be anything.
        long[] expectedInput = [-1, spec.Channels, spec.InputHeight, spec.InputWidth];
        long[] expectedOutput = [-1, EmotionLabels.Count];
        if (!Matches(input.Dimensions, expectedInput) || !Matches(output.Dimensions, expectedOutput))
        {
            throw new InvalidDataException(
                $"{modelPath}: tensor shapes input [{string.Join(",", input.Dimensions)}] / output [{string.Join(",", output.Dimensions)}] "
                + $"do not fit its spec ({spec.InputWidth}x{spec.InputHeight}, {EmotionLabels.Count} classes).");
        }
    }

    private static bool Matches(int[] actual, long[] expected)
    {
        if (actual.Length != expected.Length)
        {
            return false;
        }

        for (var i = 0; i < actual.Length; i++)
        {
            if (actual[i] >= 0 && expected[i] >= 0 && actual[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }
}
