using System.ComponentModel.DataAnnotations;

namespace EmoTune.Vision.Inference;

/// <summary>How a detected face is cut out of the frame before the model's <see cref="Core.ModelSpec.Preprocessor"/>.</summary>
public sealed record FaceCropOptions
{
    /// <summary>
    /// Fraction of the box's size added on every side before cropping (clipped to the frame); negative values shrink it.
    /// Used for faces that are not aligned by landmarks. The model was trained on FER2013's crops, so the margin should
    /// bring the detector's box to that framing; unset, it is the detector's measured one
    /// (<see cref="Detection.DetectionOptions.DefaultCropMargin"/>: 0 for the Haar cascades, 0.12 for YuNet, 0.2 for LBP).
    /// </summary>
    [Range(-0.25, 1.0)]
    public double? Margin { get; init; }

    /// <summary>
    /// Align faces that have landmarks (YuNet's): level the eyes and scale and centre the face to FER2013's measured
    /// framing (<see cref="Core.Faces.FaceFraming.Fer2013"/>) before the model. On by default; <c>emotune bench scenes</c>
    /// reports end-to-end accuracy with and without it.
    /// </summary>
    public bool Align { get; init; } = true;

    /// <summary>
    /// Apply CLAHE (contrast-limited adaptive histogram equalisation) to the crop. Off by default: the shipped model was
    /// trained on FER2013 as it is, and CLAHE shifts the pixel statistics; turn it on for dim or back-lit cameras.
    /// </summary>
    public bool Clahe { get; init; }

    /// <summary>CLAHE contrast limit (OpenCV's clipLimit).</summary>
    [Range(0.5, 40.0)]
    public double ClaheClipLimit { get; init; } = 2.0;

    /// <summary>CLAHE tiles per side (OpenCV's tileGridSize).</summary>
    [Range(1, 32)]
    public int ClaheTiles { get; init; } = 8;
}
