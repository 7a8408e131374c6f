using System.Globalization;
using EmoTune.Core.Faces;
using EmoTune.Vision.Detection;
using OpenCvSharp;

namespace EmoTune.Cli.Commands;

/// <summary>
/// <c>emotune dataset framing</c>: how FER2013's crops frame a face, measured rather than guessed. Each 48×48 face is
/// enlarged 4× onto a plain canvas of its own border grey (YuNet needs context around a face), YuNet finds it, and its
/// landmarks and box are expressed as fractions of the crop's side; the medians over every face found are the framing
/// that <see cref="FaceFraming.Fer2013"/> aligns live faces to.
/// </summary>
internal static class FramingMeasurement
{
    private const int Enlarge = 4;
    private const int Pad = 64;

    public static int Run(string folder, int limit, string detector, CancellationToken ct)
    {
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : throw new DirectoryNotFoundException($"{folder}: no such folder of FER2013-style <class>/*.jpg faces.");
        if (files.Length == 0)
        {
            throw new DirectoryNotFoundException($"{folder}: no .jpg faces in it or its subfolders.");
        }

        // An even spread over the sorted files, so a limit still covers every class.
        var step = Math.Max(1, files.Length / Math.Max(1, limit));
        var chosen = files.Where((_, i) => i % step == 0).Take(limit).ToArray();
        var options = new DetectionOptions { Detector = detector, MaxDetectionSide = 4096, MinFaceSize = 8, MaxFaces = 4, RotatedPasses = 0 };
        using var yunet = new YuNetFaceDetector(options);
        var rows = new List<double[]>();
        foreach (var file in chosen)
        {
            ct.ThrowIfCancellationRequested();
            using var face = Cv2.ImRead(file, ImreadModes.Grayscale);
            if (face.Empty())
            {
                continue;
            }

            var side = face.Width * Enlarge;
            using var canvas = Canvas(face, side);
            var found = yunet.DetectFaces(canvas)
                .Where(f => f.Landmarks is not null && Inside(f.Box.CenterX, side) && Inside(f.Box.CenterY, side))
                .OrderBy(f => Math.Abs(f.Box.CenterX - Pad - (side / 2.0)) + Math.Abs(f.Box.CenterY - Pad - (side / 2.0)))
                .FirstOrDefault();
            if (found?.Landmarks is not { } l)
            {
                continue;
            }

            double N(double v) => (v - Pad) / side;
            rows.Add([N(l.EyeCentre.X), N(l.EyeCentre.Y), l.EyeDistance / side, l.RollDegrees, N(l.Nose.Y), N((l.MouthLeft.Y + l.MouthRight.Y) / 2),
                N(found.Box.CenterX), N(found.Box.CenterY), found.Box.Width / (double)side, found.Box.Height / (double)side]);
        }

        string[] names = ["eye centre x", "eye centre y", "eye distance", "roll (degrees)", "nose y", "mouth y", "box centre x", "box centre y", "box width", "box height"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{folder}: YuNet ({options.YuNetPath}) found a face in {rows.Count} of {chosen.Length} crops ({100.0 * rows.Count / chosen.Length:F1} %); fractions of the crop's side"));
        Console.WriteLine($"{"measure",-16} {"p25",8} {"median",8} {"p75",8}");
        for (var j = 0; j < names.Length; j++)
        {
            var values = rows.Select(r => r[j]).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{names[j],-16} {Q(values, 0.25),8:F3} {Q(values, 0.5),8:F3} {Q(values, 0.75),8:F3}"));
        }

        return rows.Count == 0 ? throw new InvalidDataException($"{folder}: YuNet found no face in any of {chosen.Length} crops.") : CommandRunner.Ok;

        static bool Inside(double v, int side) => v >= Pad && v <= Pad + side;
    }

    private static double Q(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];

    /// <summary>The face enlarged to <paramref name="side"/> (cubic), in the middle of a canvas of its own border's mean grey.</summary>
    private static Mat Canvas(Mat face, int side)
    {
        using var big = new Mat();
        Cv2.Resize(face, big, new Size(side, side), 0, 0, InterpolationFlags.Cubic);
        var pixels = face.AsSpan<byte>();
        var (w, h) = (face.Width, face.Height);
        double sum = 0;
        for (var i = 0; i < w; i++)
        {
            sum += pixels[i] + pixels[((h - 1) * w) + i];
        }

        for (var j = 0; j < h; j++)
        {
            sum += pixels[j * w] + pixels[(j * w) + w - 1];
        }

        var border = sum / (2 * (w + h));
        var canvas = new Mat(side + (2 * Pad), side + (2 * Pad), MatType.CV_8UC1, new Scalar(border));
        using var target = new Mat(canvas, new Rect(Pad, Pad, side, side));
        big.CopyTo(target);
        return canvas;
    }
}
