using System.ComponentModel.DataAnnotations;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;
using EmoTune.Vision.Tracking;

namespace EmoTune.Vision;

/// <summary>
/// The <c>Vision</c> configuration section. Validated when the app starts: a missing model or cascade stops it at once,
/// naming the key and the path, instead of failing on the first camera frame.
/// </summary>
public sealed class VisionOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Vision";

    /// <summary>The exported emotion model (<c>.onnx</c>, with its spec in metadata or a <c>.onnx.json</c> beside it).</summary>
    [Required(ErrorMessage = "Vision:ModelPath is required: the path of the emotion model (.onnx).")]
    public string ModelPath { get; init; } = "";

    /// <summary>ONNX Runtime intra-op threads; 0 lets it choose.</summary>
    [Range(0, 64)]
    public int InferenceThreads { get; init; }

    /// <summary>
    /// Average each face's emotion probabilities with those of its horizontal mirror (<see cref="MirrorAveragingClassifier"/>;
    /// both in one model run). On by default: with the model shipped on 2026-11-28 it raises PublicTest accuracy from 69.2 % to
    /// 70.3 % (the <c>evaluate --tta</c> figure; models/MODEL_CARD.md has the current one), for under a millisecond more per face. <c>false</c>: one pass per face.
    /// </summary>
    public bool MirrorAverage { get; init; } = true;

    /// <summary>Face detection (section <c>Vision:Detection</c>).</summary>
    public DetectionOptions Detection { get; init; } = new();

    /// <summary>Face cropping before the model (section <c>Vision:Crop</c>).</summary>
    public FaceCropOptions Crop { get; init; } = new();

    /// <summary><see cref="Crop"/> with its margin, when unset, set to the detector's measured one (<see cref="DetectionOptions.DefaultCropMargin"/>).</summary>
    public FaceCropOptions ResolvedCrop => Crop.Margin is null ? Crop with { Margin = Detection.DefaultCropMargin } : Crop;

    /// <summary>Tracking, smoothing and the stable mood (section <c>Vision:Tracking</c>).</summary>
    public TrackingOptions Tracking { get; init; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!File.Exists(ModelPath))
        {
            yield return new ValidationResult($"Vision:ModelPath: the emotion model {Path.GetFullPath(ModelPath)} does not exist.", [nameof(ModelPath)]);
        }

        foreach (var result in ValidateSection(Detection, nameof(Detection)).Concat(ValidateSection(Crop, nameof(Crop))).Concat(ValidateSection(Tracking, nameof(Tracking))))
        {
            yield return result;
        }

        if (Detection.IsYuNet && !File.Exists(Detection.YuNetPath))
        {
            yield return new ValidationResult(
                $"Vision:Detection:Detector: the YuNet model {Path.GetFullPath(Detection.YuNetPath)} does not exist.", [nameof(Detection)]);
        }
        else if (Detection.IsYuNet && LoadError(Detection) is { } error)
        {
            yield return new ValidationResult($"Vision:Detection:Detector: {error}", [nameof(Detection)]);
        }
        else if (!Detection.IsYuNet && !File.Exists(Detection.CascadePath))
        {
            yield return new ValidationResult(
                $"Vision:Detection:Detector: the face cascade '{Detection.Detector}' ({Detection.CascadePath}) does not exist; install the Debian package opencv-data.",
                [nameof(Detection)]);
        }
    }

    /// <summary>Loads the YuNet model once, so a corrupt file stops the app at start instead of on the first frame.</summary>
    private static string? LoadError(DetectionOptions detection)
    {
        try
        {
            new YuNetFaceDetector(detection).Dispose();
            return null;
        }
        catch (InvalidDataException ex)
        {
            return ex.Message.ReplaceLineEndings(" ");
        }
    }

    private static IEnumerable<ValidationResult> ValidateSection(object section, string name)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true);
        return results.Select(r => new ValidationResult(
            $"{SectionName}:{name}: {r.ErrorMessage}", r.MemberNames.Select(m => $"{name}.{m}").ToArray()));
    }
}
