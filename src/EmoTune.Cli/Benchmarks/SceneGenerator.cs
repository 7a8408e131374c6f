using EmoTune.Core.Emotions;
using OpenCvSharp;

namespace EmoTune.Cli.Benchmarks;

/// <summary>
/// Seeded, labelled camera-like frames for measuring the live chain end to end: FER2013 test faces pasted with feathered
/// edges at 40–240 px (log-uniform), in-plane rotation up to ±25°, on flat, gradient, noise or cluttered backgrounds; the
/// whole frame then lit (brightness ×0.5–1.5, contrast ×0.7–1.3, gamma 0.75–1.35), sometimes blurred, given sensor noise and JPEG-compressed
/// at quality 35–95. About one frame in eight has no face. Frame <c>i</c> of seed <c>s</c> is always the same frame.
/// </summary>
/// <remarks>
/// For measuring only: no detector may be trained or tuned on these frames (it would learn the pasting, not faces).
/// Faces never overlap; a face whose place cannot be found in 100 tries is left out.
/// </remarks>
internal sealed class SceneGenerator
{
    public const int Width = 640;
    public const int Height = 480;
    public const int MinSide = 40;
    public const int MaxSide = 240;
    public const double MaxRotation = 25;

    private readonly (string File, int Label)[] _faces;
    private readonly int _seed;

    /// <summary>Reads the face list of a FER-style folder (<c>&lt;class&gt;/*.jpg</c>, FER2013's class names).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder is missing or holds no faces.</exception>
    public SceneGenerator(string folder, int seed)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{Path.GetFullPath(folder)}: no such folder; scenes are built from FER2013-style <class>/*.jpg faces (e.g. ../shared/datasets/fer2013/test).");
        }

        _faces = EmotionLabels.Names
            .Select((name, label) => (Folder: Path.Combine(folder, name), Label: label))
            .Where(c => Directory.Exists(c.Folder))
            .SelectMany(c => Directory.GetFiles(c.Folder, "*.jpg").Order(StringComparer.Ordinal).Select(f => (f, c.Label)))
            .ToArray();
        if (_faces.Length == 0)
        {
            throw new DirectoryNotFoundException($"{Path.GetFullPath(folder)}: no <class>/*.jpg faces with FER2013's class names ({string.Join(", ", EmotionLabels.Names)}).");
        }

        _seed = seed;
    }

    /// <summary>Faces available to paste.</summary>
    public int FaceCount => _faces.Length;

    /// <summary>Frame <paramref name="index"/> of this seed.</summary>
    public Scene Create(int index)
    {
        var rng = new Random(unchecked((_seed * 1_000_003) + index));
        var frame = Background(rng);
        var count = rng.NextDouble() < 0.125 ? 0 : rng.Next(1, 5);
        var placed = new List<SceneFace>();
        for (var k = 0; k < count; k++)
        {
            var side = Math.Exp(Math.Log(MinSide) + (rng.NextDouble() * (Math.Log(MaxSide) - Math.Log(MinSide))));
            var rotation = ((rng.NextDouble() * 2) - 1) * MaxRotation;
            var (file, label) = _faces[rng.Next(_faces.Length)];
            var reach = side * (Math.Abs(Math.Cos(rotation * Math.PI / 180)) + Math.Abs(Math.Sin(rotation * Math.PI / 180))) / 2;
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var cx = reach + (rng.NextDouble() * (Width - (2 * reach)));
                var cy = reach + (rng.NextDouble() * (Height - (2 * reach)));
                if (reach * 2 > Math.Min(Width, Height) || placed.Any(p => Math.Max(Math.Abs(p.CentreX - cx), Math.Abs(p.CentreY - cy)) < (p.Side + side) * 0.75))
                {
                    continue;
                }

                var face = new SceneFace(label, cx, cy, side, rotation, file);
                Paste(frame, file, face, rng);
                placed.Add(face);
                break;
            }
        }

        var brightness = Math.Exp(Math.Log(0.5) + (rng.NextDouble() * (Math.Log(1.5) - Math.Log(0.5))));
        Light(frame, brightness, 0.7 + (rng.NextDouble() * 0.6), 0.75 + (rng.NextDouble() * 0.6));
        if (rng.NextDouble() < 0.4)
        {
            var sigma = 0.5 + (rng.NextDouble() * 1.5);
            Cv2.GaussianBlur(frame, frame, new Size(0, 0), sigma);
        }

        AddNoise(frame, rng.NextDouble() * 6, rng);
        var jpeg = frame.ImEncode(".jpg", [(int)ImwriteFlags.JpegQuality, rng.Next(35, 96)]);
        frame.Dispose();
        return new Scene(Cv2.ImDecode(jpeg, ImreadModes.Color), placed, brightness);
    }

    private static Mat Background(Random rng)
    {
        var frame = new Mat(Height, Width, MatType.CV_8UC3);
        Scalar Colour() => new(rng.Next(20, 236), rng.Next(20, 236), rng.Next(20, 236));
        switch (rng.Next(4))
        {
            case 0:
                frame.SetTo(Colour());
                break;
            case 1:
                {
                    var (a, b) = (Colour(), Colour());
                    var vertical = rng.Next(2) == 0;
                    var n = vertical ? Height : Width;
                    for (var i = 0; i < n; i++)
                    {
                        var t = (double)i / (n - 1);
                        var c = new Scalar(a.Val0 + ((b.Val0 - a.Val0) * t), a.Val1 + ((b.Val1 - a.Val1) * t), a.Val2 + ((b.Val2 - a.Val2) * t));
                        using var line = new Mat(frame, vertical ? new Rect(0, i, Width, 1) : new Rect(i, 0, 1, Height));
                        line.SetTo(c);
                    }

                    break;
                }

            case 2:
                {
                    frame.SetTo(Colour());
                    using var noise = new Mat(Height, Width, MatType.CV_8UC3);
                    Cv2.SetTheRNG((ulong)rng.NextInt64(1, long.MaxValue));
                    Cv2.Randu(noise, Scalar.All(0), Scalar.All(255));
                    Cv2.GaussianBlur(noise, noise, new Size(0, 0), 1 + (rng.NextDouble() * 3));
                    Cv2.AddWeighted(frame, 0.5, noise, 0.5, 0, frame);
                    break;
                }

            default:
                frame.SetTo(Colour());
                for (var i = 0; i < 25; i++)
                {
                    var p = new Point(rng.Next(Width), rng.Next(Height));
                    switch (rng.Next(3))
                    {
                        case 0:
                            Cv2.Rectangle(frame, new Rect(p.X, p.Y, rng.Next(10, 200), rng.Next(10, 200)), Colour(), -1);
                            break;
                        case 1:
                            Cv2.Circle(frame, p, rng.Next(5, 80), Colour(), -1, LineTypes.AntiAlias);
                            break;
                        default:
                            Cv2.Line(frame, p, new Point(rng.Next(Width), rng.Next(Height)), Colour(), rng.Next(1, 8), LineTypes.AntiAlias);
                            break;
                    }
                }

                Cv2.GaussianBlur(frame, frame, new Size(0, 0), 1.2);
                break;
        }

        return frame;
    }

    /// <summary>Pastes the face, enlarged and rotated about its centre, with edges feathered over about 6 % of its side.</summary>
    private static void Paste(Mat frame, string file, SceneFace face, Random rng)
    {
        using var grey = Cv2.ImRead(file, ImreadModes.Grayscale);
        if (grey.Empty())
        {
            throw new InvalidDataException($"{file}: not a readable image.");
        }

        var side = (int)Math.Round(face.Side);
        using var big = new Mat();
        Cv2.Resize(grey, big, new Size(side, side), 0, 0, side >= grey.Width ? InterpolationFlags.Cubic : InterpolationFlags.Area);
        using var bgr = new Mat();
        Cv2.CvtColor(big, bgr, ColorConversionCodes.GRAY2BGR);
        var feather = Math.Max(1.5, side * 0.06 * (0.5 + rng.NextDouble()));
        using var mask = new Mat(side, side, MatType.CV_32FC1, Scalar.All(0));
        var inset = (int)Math.Ceiling(feather);
        Cv2.Rectangle(mask, new Rect(inset, inset, Math.Max(1, side - (2 * inset)), Math.Max(1, side - (2 * inset))), Scalar.All(1), -1);
        Cv2.GaussianBlur(mask, mask, new Size(0, 0), feather / 2);

        // Face pixel (u, v) goes to the frame: rotate about the face's centre, then move the centre into place.
        using var rotation = Cv2.GetRotationMatrix2D(new Point2f(side / 2f, side / 2f), -face.Rotation, 1.0);
        rotation.Set(0, 2, rotation.At<double>(0, 2) + face.CentreX - (side / 2.0));
        rotation.Set(1, 2, rotation.At<double>(1, 2) + face.CentreY - (side / 2.0));
        using var warped = new Mat();
        using var alpha = new Mat();
        Cv2.WarpAffine(bgr, warped, rotation, frame.Size(), InterpolationFlags.Linear, BorderTypes.Constant);
        Cv2.WarpAffine(mask, alpha, rotation, frame.Size(), InterpolationFlags.Linear, BorderTypes.Constant);
        using var alpha3 = new Mat();
        Cv2.Merge([alpha, alpha, alpha], alpha3);
        using var f = new Mat();
        using var w = new Mat();
        frame.ConvertTo(f, MatType.CV_32FC3);
        warped.ConvertTo(w, MatType.CV_32FC3);
        using var inverse = new Mat();
        Cv2.Subtract(Scalar.All(1), alpha3, inverse);
        Cv2.Multiply(f, inverse, f);
        Cv2.Multiply(w, alpha3, w);
        Cv2.Add(f, w, f);
        f.ConvertTo(frame, MatType.CV_8UC3);
    }

    /// <summary>Gamma, then contrast about mid-grey, then brightness, through one lookup table.</summary>
    private static void Light(Mat frame, double brightness, double contrast, double gamma)
    {
        var table = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            var v = Math.Pow(i / 255.0, gamma) * 255;
            v = (((v - 128) * contrast) + 128) * brightness;
            table[i] = (byte)Math.Clamp(Math.Round(v), 0, 255);
        }

        using var lut = Mat.FromPixelData(1, 256, MatType.CV_8UC1, table);
        Cv2.LUT(frame, lut, frame);
    }

    private static void AddNoise(Mat frame, double sigma, Random rng)
    {
        if (sigma < 0.5)
        {
            return;
        }

        using var noise = new Mat(frame.Size(), MatType.CV_16SC3);
        Cv2.SetTheRNG((ulong)rng.NextInt64(1, long.MaxValue));
        Cv2.Randn(noise, Scalar.All(0), Scalar.All(sigma));
        using var wide = new Mat();
        frame.ConvertTo(wide, MatType.CV_16SC3);
        Cv2.Add(wide, noise, wide);
        wide.ConvertTo(frame, MatType.CV_8UC3);
    }
}
