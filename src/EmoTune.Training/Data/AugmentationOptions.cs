using System.Globalization;
using System.Text.Json.Serialization;

namespace EmoTune.Training.Data;

/// <summary>Random training-time augmentation. Evaluation never augments (except the explicit, deterministic <see cref="TestTimeView"/>s).</summary>
/// <param name="MaxShift">Largest translation, in pixels.</param>
/// <param name="MaxRotationDegrees">Largest rotation either way.</param>
/// <param name="ScaleRange">Scale is drawn from [1 - range, 1 + range].</param>
/// <param name="FlipProbability">Chance of a horizontal flip.</param>
/// <param name="Brightness">Additive brightness jitter, in fractions of full scale.</param>
/// <param name="Contrast">Multiplicative contrast jitter around the image mean.</param>
/// <param name="Gamma">Gamma is drawn from [1 - gamma, 1 + gamma].</param>
/// <param name="ErasingProbability">Chance of erasing a random rectangle (random erasing, Zhong et al. 2017).</param>
/// <param name="BlurProbability">Chance of a Gaussian blur of σ 0.5–2 px (at 48 px), as a soft or out-of-focus camera gives.</param>
/// <param name="LowResolutionProbability">Chance of shrinking the image to 16–32 px and enlarging it back, as a distant face gives.</param>
public sealed record AugmentationOptions(
    double MaxShift = 4,
    double MaxRotationDegrees = 12,
    double ScaleRange = 0.12,
    double FlipProbability = 0.5,
    double Brightness = 0.15,
    double Contrast = 0.3,
    double Gamma = 0.3,
    double ErasingProbability = 0.4,
    double BlurProbability = 0,
    double LowResolutionProbability = 0)
{
    /// <summary>No augmentation at all.</summary>
    public static AugmentationOptions Off { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The largest <see cref="Scaled"/> strength: the one that makes random erasing certain. Derived, so not saved with a run's options.</summary>
    [JsonIgnore]
    public double MaxStrength => ErasingProbability > 0 ? 1 / ErasingProbability : double.PositiveInfinity;

    /// <summary>Whether <see cref="Scaled"/> accepts <paramref name="strength"/>: between 0 and <see cref="MaxStrength"/> (NaN is not).</summary>
    public bool AllowsStrength(double strength) => strength >= 0 && strength <= MaxStrength;

    /// <summary>
    /// For people (reports, logs): each magnitude in its unit, rounded, e.g. "shift ±1.4 px, rotation ±4.2°, scale ±4.2 %,
    /// flip 50 %, brightness ±0.053, contrast ±10.5 %, gamma ±10.5 %, erasing 14 %"; "none" when nothing is random.
    /// </summary>
    public string Describe()
    {
        if (this == Off)
        {
            return "none";
        }

        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"shift ±{MaxShift:0.##} px, rotation ±{MaxRotationDegrees:0.##}°, scale ±{ScaleRange * 100:0.##} %, flip {FlipProbability * 100:0.##} %, "
            + $"brightness ±{Brightness:0.###}, contrast ±{Contrast * 100:0.##} %, gamma ±{Gamma * 100:0.##} %, erasing {ErasingProbability * 100:0.##} %");
        return BlurProbability > 0 || LowResolutionProbability > 0
            ? text + string.Create(CultureInfo.InvariantCulture, $", blur {BlurProbability * 100:0.##} %, low resolution {LowResolutionProbability * 100:0.##} %")
            : text;
    }

    /// <summary>
    /// These options with every random magnitude (shift, rotation, scale, lighting, erasing chance) multiplied by
    /// <paramref name="strength"/>; the flip, which loses nothing, is kept, and so are the blur and low-resolution
    /// chances (set on their own). 0 gives <see cref="Off"/>, 1 these options.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Strength negative, NaN, or large enough to erase with a chance above 1.</exception>
    public AugmentationOptions Scaled(double strength)
    {
        if (!AllowsStrength(strength))
        {
            throw new ArgumentOutOfRangeException(nameof(strength), strength, $"Augmentation strength must be between 0 and {MaxStrength:0.##}.");
        }

        return strength == 0
            ? Off with { BlurProbability = BlurProbability, LowResolutionProbability = LowResolutionProbability }
            : new(
                MaxShift * strength,
                MaxRotationDegrees * strength,
                ScaleRange * strength,
                FlipProbability,
                Brightness * strength,
                Contrast * strength,
                Gamma * strength,
                ErasingProbability * strength,
                BlurProbability,
                LowResolutionProbability);
    }
}
