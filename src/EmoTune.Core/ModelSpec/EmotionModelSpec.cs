using System.Text.Json;
using System.Text.Json.Serialization;
using EmoTune.Core.Emotions;

namespace EmoTune.Core.ModelSpec;

/// <summary>
/// What a consumer needs to run an emotion model correctly: input size, normalisation and class order.
/// It travels with the model as ONNX metadata (key <see cref="MetadataKey"/>) and as a JSON file beside it
/// (<c>model.onnx</c> → <c>model.onnx.json</c>), so a model can't be run with the wrong preprocessing.
/// </summary>
public sealed record EmotionModelSpec
{
    /// <summary>ONNX <c>metadata_props</c> key holding this spec as JSON.</summary>
    public const string MetadataKey = "emotune.spec";

    /// <summary>The smallest <see cref="Temperature"/> a spec may carry.</summary>
    public const float MinTemperature = 0.05f;

    /// <summary>The largest <see cref="Temperature"/> a spec may carry.</summary>
    public const float MaxTemperature = 20f;

    /// <summary>Current format version.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Format version of this spec.</summary>
    public int Format { get; init; } = CurrentFormat;

    /// <summary>Architecture name as given to <c>emotune train --arch</c>.</summary>
    public string Architecture { get; init; } = "";

    /// <summary>Model input width in pixels.</summary>
    public int InputWidth { get; init; } = 48;

    /// <summary>Model input height in pixels.</summary>
    public int InputHeight { get; init; } = 48;

    /// <summary>Input channels (1 = grey).</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Mean subtracted after scaling pixels to [0, 1].</summary>
    public float Mean { get; init; } = 0.5f;

    /// <summary>Standard deviation divided by after subtracting <see cref="Mean"/>.</summary>
    public float Std { get; init; } = 0.25f;

    /// <summary>Class names in output order.</summary>
    public IReadOnlyList<string> Classes { get; init; } = EmotionLabels.Names;

    /// <summary>ONNX input tensor name.</summary>
    public string InputName { get; init; } = "input";

    /// <summary>ONNX output tensor name (raw logits).</summary>
    public string OutputName { get; init; } = "logits";

    /// <summary>
    /// Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017): the logits are divided by
    /// it before the softmax, which changes how sure the probabilities are and never which emotion is on top. Set by
    /// <c>emotune calibrate</c>; unset (absent from the JSON) means 1.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? Temperature { get; init; }

    /// <summary><see cref="Temperature"/>, 1 when unset: what the softmax divides the logits by.</summary>
    [JsonIgnore]
    public float SoftmaxTemperature => Temperature ?? 1f;

    /// <summary>Serialises to indented JSON with snake_case names.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SerializerOptions);

    /// <summary>Parses JSON written by <see cref="ToJson"/> and validates it.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed or describes an unusable model.</exception>
    public static EmotionModelSpec FromJson(string json, string source)
    {
        EmotionModelSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<EmotionModelSpec>(json, SerializerOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not a valid EmoTune model spec: {ex.Message}", ex);
        }

        if (spec is null)
        {
            throw new InvalidDataException($"{source}: empty model spec.");
        }

        spec.Validate(source);
        return spec;
    }

    /// <summary>Path of the JSON file that accompanies <paramref name="modelPath"/>.</summary>
    public static string SidecarPath(string modelPath) => modelPath + ".json";

    /// <summary>
    /// The spec of the model at <paramref name="modelPath"/>: from its ONNX metadata (<paramref name="metadata"/>, key
    /// <see cref="MetadataKey"/>), else from the sidecar JSON beside it. Training's and Vision's ONNX runners both read it here.
    /// </summary>
    /// <exception cref="InvalidDataException">Neither source exists, or the spec found is invalid.</exception>
    public static EmotionModelSpec FromModel(IReadOnlyDictionary<string, string> metadata, string modelPath)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.TryGetValue(MetadataKey, out var json))
        {
            return FromJson(json, modelPath);
        }

        var sidecar = SidecarPath(modelPath);
        return File.Exists(sidecar)
            ? FromJson(File.ReadAllText(sidecar), sidecar)
            : throw new InvalidDataException($"{modelPath}: no '{MetadataKey}' metadata and no {sidecar}; EmoTune can't know its preprocessing.");
    }

    /// <summary>Whether a model with <paramref name="other"/> takes the same input as this one (size, channels, normalisation, class order).</summary>
    public bool SamePreprocessing(EmotionModelSpec other) =>
        InputWidth == other.InputWidth && InputHeight == other.InputHeight && Channels == other.Channels
        && Mean == other.Mean && Std == other.Std && Classes.SequenceEqual(other.Classes, StringComparer.Ordinal);

    /// <summary>Checks ranges; throws <see cref="InvalidDataException"/> naming <paramref name="source"/>.</summary>
    public void Validate(string source)
    {
        if (Format != CurrentFormat)
        {
            throw new InvalidDataException($"{source}: spec format {Format} is not supported (expected {CurrentFormat}).");
        }

        if (InputWidth is < 8 or > 1024 || InputHeight is < 8 or > 1024)
        {
            throw new InvalidDataException($"{source}: input size {InputWidth}x{InputHeight} is out of range.");
        }

        if (Channels != 1)
        {
            throw new InvalidDataException($"{source}: only 1-channel (grey) models are supported, got {Channels}.");
        }

        if (!(Std > 0) || !float.IsFinite(Mean))
        {
            throw new InvalidDataException($"{source}: normalisation mean {Mean} / std {Std} is invalid.");
        }

        if (Temperature is { } t && !(t >= MinTemperature && t <= MaxTemperature))
        {
            throw new InvalidDataException($"{source}: temperature {t} is outside {MinTemperature}–{MaxTemperature}.");
        }

        if (!Classes.SequenceEqual(EmotionLabels.Names, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{source}: classes [{string.Join(",", Classes)}] differ from FER2013 order [{string.Join(",", EmotionLabels.Names)}].");
        }
    }

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
