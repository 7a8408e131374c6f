using System.ComponentModel.DataAnnotations;

namespace EmoTune.Vision.Detection;

/// <summary>
/// Which face detector to use and how. <see cref="Detector"/> is a named OpenCV cascade (<see cref="HaarDefault"/>,
/// <see cref="HaarAlt2"/>, <see cref="Lbp"/>), <see cref="YuNet"/> (the model shipped in <c>models/</c>), the path of a
/// cascade XML file, or the path of a YuNet <c>.onnx</c> model.
/// Detection runs on a copy of the frame shrunk to <see cref="DetectionSide"/> pixels on its longer side (with YuNet and
/// <see cref="MaxDetectionSide"/> set, smaller frames are also enlarged to it, by up to <see cref="YuNetMaxEnlargement"/>);
/// the boxes are mapped back to the frame.
/// </summary>
public sealed record DetectionOptions
{
    /// <summary>OpenCV's <c>haarcascade_frontalface_default.xml</c> (Viola–Jones, 24×24 window).</summary>
    public const string HaarDefault = "haar-default";

    /// <summary>OpenCV's <c>haarcascade_frontalface_alt2.xml</c> (Lienhart's tree-based Haar cascade, 20×20 window).</summary>
    public const string HaarAlt2 = "haar-alt2";

    /// <summary>OpenCV's <c>lbpcascade_frontalface_improved.xml</c> (LBP features, 45×45 window: faster, needs larger faces).</summary>
    public const string Lbp = "lbp";

    /// <summary>
    /// YuNet, the model shipped as <c>models/face_detection_yunet.onnx</c> (OpenCV Zoo, MIT): the default, chosen by
    /// <c>emotune bench scenes</c> (docs/BENCHMARKS.md).
    /// </summary>
    public const string YuNet = "yunet";

    /// <summary>The shipped YuNet model's file name under <c>models/</c>.</summary>
    public const string YuNetFileName = "face_detection_yunet.onnx";

    /// <summary>A named detector (<see cref="YuNet"/> or a named cascade), a cascade XML path, or a YuNet ONNX model path.</summary>
    [Required]
    public string Detector { get; init; } = YuNet;

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

    /// <summary>
    /// Longer side of the copy that detection runs on. Cascades use smaller frames as they are; YuNet, given this
    /// setting, enlarges them to it by up to <see cref="YuNetMaxEnlargement"/> (960 for a VGA camera finds more small
    /// faces). Unset, the detector's own (<see cref="DetectionSide"/>), with no enlargement.
    /// </summary>
    [Range(64, 4096)]
    public int? MaxDetectionSide { get; init; }

    /// <summary>
    /// The detection side in effect: <see cref="MaxDetectionSide"/>, else 640 for YuNet (a VGA camera's whole frame: on
    /// <c>emotune bench scenes</c> it found 59 % of the faces at 640 against 37 % at 320, most of the difference in faces
    /// under 80 px) and 320 for the cascades (at 640 haar-default took 3–4× as long; docs/BENCHMARKS.md). YuNet at 960
    /// (a VGA frame enlarged 1.5×) found 70 %, and 80 % with <see cref="RotatedPasses"/> of 20°, but each full detection
    /// cost 2.3× as much (8 streams skipped 2 % of their frames), so YuNet looks that wide only for still images
    /// (<see cref="RoomyDetectionSide"/>).
    /// </summary>
    public int DetectionSide => MaxDetectionSide ?? (IsYuNet ? 640 : 320);

    /// <summary>
    /// With <see cref="MaxDetectionSide"/> set, YuNet enlarges a smaller frame by at most this factor (2): enough to bring
    /// a VGA frame to 960 px, not so much that a small image is blown up many times to no use.
    /// </summary>
    public const double YuNetMaxEnlargement = 2.0;

    /// <summary>
    /// <see cref="Tracking.FaceFollower"/>: a full-frame detection at least every this many frames of a stream; in
    /// between, each known face is looked for only in a window around it. 1 detects on every whole frame.
    /// </summary>
    [Range(1, 120)]
    public int FullDetectionEvery { get; init; } = 8;

    /// <summary><see cref="Tracking.FaceFollower"/>: the window around a known face, as a multiple of the face box's longer side.</summary>
    [Range(1.2, 6.0)]
    public double WindowScale { get; init; } = 2.0;

    /// <summary>
    /// YuNet: the side, in pixels, of the tile each window around a known face is resized to; the tiles are searched in
    /// one pass. 128: with <see cref="WindowScale"/> 2 a followed face is about 64 px, well inside YuNet's 10–300 px.
    /// </summary>
    [Range(64, 640)]
    public int WindowSide { get; init; } = 128;

    /// <summary>At most this many faces are reported, the largest first.</summary>
    [Range(1, 64)]
    public int MaxFaces { get; init; } = 8;

    /// <summary>
    /// Also detect on the whole frame turned by plus and minus this many degrees (<see cref="RotatingFaceDetector"/>),
    /// for tilted heads; 0 detects on the frame as it is only. 20 (the default) raised YuNet's recall on
    /// <c>emotune bench scenes</c> from 59 % to 72 % and end-to-end accuracy from 37 % to 45 % (docs/BENCHMARKS.md), for
    /// three detections per whole frame. A stream pays for them only every <see cref="FullDetectionEvery"/> frames, one
    /// pass a frame (<see cref="Tracking.FaceFollower"/>), and only while at most <see cref="RotatedPassesMaxStreams"/>
    /// streams are live.
    /// </summary>
    [Range(0.0, 45.0)]
    public double RotatedPasses { get; init; } = 20;

    /// <summary>
    /// The turned passes (<see cref="RotatedPasses"/>) run while at most this many camera streams are live, and are left
    /// out beyond, for every caller, so a busy server keeps its frame rate (docs/BENCHMARKS.md, "Turned passes by load").
    /// </summary>
    [Range(0, 1000)]
    public int RotatedPassesMaxStreams { get; init; } = 2;

    /// <summary>
    /// YuNet with <see cref="MaxDetectionSide"/> unset: while at most <see cref="RoomyDetectionMaxStreams"/> camera
    /// streams are live (by default: a still image while no stream is), a whole-frame detection also looks at the frame
    /// enlarged to this side (a VGA frame 1.5×, at most <see cref="YuNetMaxEnlargement"/>) and adds the faces found there
    /// only; a face found both ways keeps its <see cref="DetectionSide"/> box and landmarks. 0 turns the wider look off.
    /// On <c>emotune bench scenes</c> it raised recall from 72.4 % to 81.0 % and end-to-end accuracy from 44.8 % to 48.5 % (docs/BENCHMARKS.md, "A
    /// wider look for still images"), most of the gain in faces under 80 px. Why it only adds: on the enlarged frame YuNet reads the tilt of
    /// large faces short (a 200 px face turned 20° read as 11°, against 12–28° at 640: FaceAlignerTests), and a still
    /// image should read as a camera stream of it does.
    /// </summary>
    [Range(0, 4096)]
    public int RoomyDetectionSide { get; init; } = 960;

    /// <summary>
    /// The wider look (<see cref="RoomyDetectionSide"/>) runs while at most this many camera streams are live. 0 (the
    /// default): for still images only (the API's, <c>predict</c>'s), while no stream is live. Streams detecting at 960 px
    /// with the turned passes skipped frames on two cores: <c>bench loopback</c> skipped up to 62 of 300 ticks with
    /// one stream and up to 69 of 600 with two, against 0 or 1 at 640 (docs/BENCHMARKS.md, "A wider look for still images").
    /// </summary>
    [Range(0, 1000)]
    public int RoomyDetectionMaxStreams { get; init; } = 0;

    /// <summary>Whether YuNet may take the wider look (<see cref="RoomyDetectionSide"/>): at most <see cref="RoomyDetectionMaxStreams"/> streams in <paramref name="streams"/> are live, or there is no stream count.</summary>
    public bool HasRoomForWideLook(LiveStreams? streams) => streams is null || streams.Active <= RoomyDetectionMaxStreams;

    /// <summary>
    /// Whether the machine has room for the turned passes: at most
    /// <see cref="RotatedPassesMaxStreams"/> streams in <paramref name="streams"/> are live, or there is no stream count
    /// (a still image outside the app: <c>predict</c>, <c>bench scenes</c>).
    /// </summary>
    public bool HasRoom(LiveStreams? streams) => streams is null || streams.Active <= RotatedPassesMaxStreams;

    /// <summary>The widest side YuNet looks at: <see cref="RoomyDetectionSide"/> when <paramref name="room"/> allows it (and <see cref="MaxDetectionSide"/> is unset), else <see cref="DetectionSide"/>.</summary>
    public int DetectionSideWith(bool room) =>
        room && MaxDetectionSide is null && IsYuNet && RoomyDetectionSide > 0 ? RoomyDetectionSide : DetectionSide;

    /// <summary>
    /// YuNet: minimum face score. 0.6, chosen on <c>emotune bench scenes</c> among 0.4–0.9 (OpenCV's sample uses 0.9):
    /// at 640 px recall was 59 % at 0.6 against 47 % at 0.8 and 16 % at 0.9 (66 % at 0.4, where false positives began
    /// to rise: 0.020 a frame against 0.005), none on face-free frames (docs/BENCHMARKS.md). An operating point of the
    /// pretrained detector, not training.
    /// </summary>
    [Range(0.0, 1.0)]
    public float ScoreThreshold { get; init; } = 0.6f;

    /// <summary>YuNet: IoU above which overlapping boxes are suppressed.</summary>
    [Range(0.0, 1.0)]
    public float NmsThreshold { get; init; } = 0.3f;

    /// <summary>YuNet: candidates kept before non-maximum suppression.</summary>
    [Range(1, 10000)]
    public int TopK { get; init; } = 5000;

    /// <summary>True when <see cref="Detector"/> names a YuNet ONNX model rather than a cascade.</summary>
    public bool IsYuNet => Detector == YuNet || Detector.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The YuNet model file: the shipped one for <see cref="YuNet"/>, else <see cref="Detector"/> itself.</summary>
    public string YuNetPath => Detector == YuNet ? Inference.ShippedModel.Locate(YuNetFileName) : Detector;

    /// <summary>
    /// The crop margin that brings this detector's boxes to FER2013's framing when a face has no landmarks to align by
    /// (measured on FER2013 test faces pasted into scenes; <see cref="CascadeFaceDetector"/>): 0 for the Haar cascades,
    /// 0.12 for YuNet, 0.2 for LBP.
    /// </summary>
    public double DefaultCropMargin => IsYuNet ? 0.12 : Detector == Lbp ? 0.2 : 0.0;

    /// <summary>The cascade XML file <see cref="Detector"/> stands for: a named cascade under <see cref="CascadeDirectory"/>, or the path itself.</summary>
    public string CascadePath => Detector switch
    {
        HaarDefault => Path.Combine(CascadeDirectory, "haarcascades", "haarcascade_frontalface_default.xml"),
        HaarAlt2 => Path.Combine(CascadeDirectory, "haarcascades", "haarcascade_frontalface_alt2.xml"),
        Lbp => Path.Combine(CascadeDirectory, "lbpcascades", "lbpcascade_frontalface_improved.xml"),
        _ => Detector,
    };
}
