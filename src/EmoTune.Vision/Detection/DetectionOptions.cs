using System.ComponentModel.DataAnnotations;

namespace EmoTune.Vision.Detection;

/// <summary>
/// Which face detector to use and how. <see cref="Detector"/> is a named OpenCV cascade (<see cref="HaarDefault"/>,
/// <see cref="HaarAlt2"/>, <see cref="Lbp"/>), the path of a cascade XML file, or the path of a YuNet <c>.onnx</c> model.
/// Detection runs on a copy of the frame shrunk to at most <see cref="MaxDetectionSide"/> pixels on its longer side; the
/// boxes are mapped back to the frame.
/// </summary>
public sealed record DetectionOptions
{
    /// <summary>OpenCV's <c>haarcascade_frontalface_default.xml</c> (Viola–Jones, 24×24 window).</summary>
    public const string HaarDefault = "haar-default";

    /// <summary>OpenCV's <c>haarcascade_frontalface_alt2.xml</c> (Lienhart's tree-based Haar cascade, 20×20 window).</summary>
    public const string HaarAlt2 = "haar-alt2";

    /// <summary>OpenCV's <c>lbpcascade_frontalface_improved.xml</c> (LBP features, 45×45 window: faster, needs larger faces).</summary>
    public const string Lbp = "lbp";

    /// <summary>A named cascade, a cascade XML path, or a YuNet ONNX model path.</summary>
    [Required]
    public string Detector { get; init; } = HaarDefault;

    /// <summary>The folder holding <c>haarcascades/</c> and <c>lbpcascades/</c>; Debian's <c>opencv-data</c> installs them here.</summary>
    [Required]
    public string CascadeDirectory { get; init; } = "/usr/share/opencv4";

    /// <summary>Cascade: how much the image shrinks between pyramid levels.</summary>
    [Range(1.01, 2.0)]
    public double ScaleFactor { get; init; } = 1.1;

    /// <summary>Cascade: overlapping hits a candidate needs to be kept; higher means fewer false faces.</summary>
    [Range(0, 50)]
    public int MinNeighbors { get; init; } = 5;

    /// <summary>Smallest face reported, in frame pixels (side of the box).</summary>
    [Range(8, 4096)]
    public int MinFaceSize { get; init; } = 40;

    /// <summary>Longer side of the shrunk copy that detection runs on; frames already smaller are used as they are.</summary>
    [Range(64, 4096)]
    public int MaxDetectionSide { get; init; } = 320;

    /// <summary>At most this many faces are reported, the largest first.</summary>
    [Range(1, 64)]
    public int MaxFaces { get; init; } = 8;

    /// <summary>YuNet: minimum face score.</summary>
    [Range(0.0, 1.0)]
    public float ScoreThreshold { get; init; } = 0.8f;

    /// <summary>YuNet: IoU above which overlapping boxes are suppressed.</summary>
    [Range(0.0, 1.0)]
    public float NmsThreshold { get; init; } = 0.3f;

    /// <summary>YuNet: candidates kept before non-maximum suppression.</summary>
    [Range(1, 10000)]
    public int TopK { get; init; } = 5000;

    /// <summary>True when <see cref="Detector"/> names a YuNet ONNX model rather than a cascade.</summary>
    public bool IsYuNet => Detector.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The cascade XML file <see cref="Detector"/> stands for: a named cascade under <see cref="CascadeDirectory"/>, or the path itself.</summary>
    public string CascadePath => Detector switch
    {
        HaarDefault => Path.Combine(CascadeDirectory, "haarcascades", "haarcascade_frontalface_default.xml"),
        HaarAlt2 => Path.Combine(CascadeDirectory, "haarcascades", "haarcascade_frontalface_alt2.xml"),
        Lbp => Path.Combine(CascadeDirectory, "lbpcascades", "lbpcascade_frontalface_improved.xml"),
        _ => Detector,
    };
}
