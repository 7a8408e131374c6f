using System.Text.Json;
using EmoTune.Core.Emotions;
using EmoTune.Core.Faces;
using EmoTune.Vision.Inference;

namespace EmoTune.Web.Streaming;

/// <summary>
/// A text message on <c>/ws/frames</c> from a page in on-device mode: the faces it found in one camera frame and their
/// emotion probabilities, never pixels. <c>{"type":"faces","width":640,"height":480,"faces":[{"box":{"x":..,"y":..,
/// "width":..,"height":..},"probabilities":[7 numbers in FER2013 order]}]}</c>. <see cref="TryParse"/> checks everything
/// the server then relies on and says what is wrong, naming the field.
/// </summary>
public static class FaceResultsMessage
{
    /// <summary>The value of <c>type</c>.</summary>
    public const string Type = "faces";

    /// <summary>Largest text message read as results, in bytes (8 faces take about 1 KB).</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>How far the probabilities of a face may sum from 1.</summary>
    public const double SumTolerance = 1e-3;

    /// <summary>
    /// Parses and validates <paramref name="json"/>; on success <paramref name="faces"/> holds the faces in the order sent
    /// and <paramref name="error"/> is null, otherwise <paramref name="error"/> says what is wrong and
    /// <paramref name="reason"/> is <see cref="Metrics.FrameErrorReasons.MalformedMessage"/> (not a results message at
    /// all: not JSON, no <c>"type":"faces"</c>) or <see cref="Metrics.FrameErrorReasons.BadResults"/>.
    /// </summary>
    /// <param name="json">The message's UTF-8 bytes.</param>
    /// <param name="maxFaces">Most faces a frame may carry (<c>Vision:Detection:MaxFaces</c>).</param>
    /// <param name="maxPixels">Largest frame, width × height (<c>Web:MaxImagePixels</c>).</param>
    public static bool TryParse(
        ReadOnlyMemory<byte> json, int maxFaces, long maxPixels, out int width, out int height, out IReadOnlyList<FaceResult> faces, out string? error, out string reason)
    {
        width = height = 0;
        faces = [];
        reason = Metrics.FrameErrorReasons.MalformedMessage;
        if (json.Length > MaxBytes)
        {
            error = $"results messages are limited to {MaxBytes} bytes; this one has {json.Length}";
            return false;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            error = $"text messages carry on-device results as JSON ({{\"type\":\"faces\",...}}), and this is not JSON ({ex.Message}); send frames as binary JPEG or PNG messages";
            return false;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !string.Equals(type.GetString(), Type, StringComparison.Ordinal))
            {
                error = $"text messages carry on-device results, a JSON object with \"type\":\"{Type}\"; send frames as binary JPEG or PNG messages";
                return false;
            }

            reason = Metrics.FrameErrorReasons.BadResults;
            error = Read(root, maxFaces, maxPixels, out width, out height, out faces);
            return error is null;
        }
    }

    private static string? Read(JsonElement root, int maxFaces, long maxPixels, out int width, out int height, out IReadOnlyList<FaceResult> faces)
    {
        width = height = 0;
        faces = [];
        if (Int(root, "width", out width) is { } w)
        {
            return w;
        }

        if (Int(root, "height", out height) is { } h)
        {
            return h;
        }

        if (width < 1 || height < 1 || (long)width * height > maxPixels)
        {
            return $"width, height: {width}x{height} is not a frame size (1 to {maxPixels} pixels)";
        }

        if (!root.TryGetProperty("faces", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return "faces: an array is required";
        }

        if (list.GetArrayLength() > maxFaces)
        {
            return $"faces: {list.GetArrayLength()} faces; at most {maxFaces}";
        }

        var result = new List<FaceResult>(list.GetArrayLength());
        var i = 0;
        foreach (var face in list.EnumerateArray())
        {
            var name = $"faces[{i}]";
            if (face.ValueKind != JsonValueKind.Object)
            {
                return $"{name}: an object is required";
            }

            if (!face.TryGetProperty("box", out var box) || box.ValueKind != JsonValueKind.Object)
            {
                return $"{name}.box: an object is required";
            }

            var xError = Int(box, "x", out var x, name + ".box");
            var yError = Int(box, "y", out var y, name + ".box");
            var widthError = Int(box, "width", out var bw, name + ".box");
            var heightError = Int(box, "height", out var bh, name + ".box");
            if ((xError ?? yError ?? widthError ?? heightError) is { } boxError)
            {
                return boxError;
            }

            if (x < 0 || y < 0 || bw < 1 || bh < 1 || (long)x + bw > width || (long)y + bh > height)
            {
                return $"{name}.box: ({x}, {y}, {bw}x{bh}) does not lie inside the {width}x{height} frame";
            }

            if (!face.TryGetProperty("probabilities", out var probabilities) || probabilities.ValueKind != JsonValueKind.Array || probabilities.GetArrayLength() != EmotionLabels.Count)
            {
                return $"{name}.probabilities: an array of {EmotionLabels.Count} numbers is required (FER2013 order: {string.Join(", ", EmotionLabels.Names)})";
            }

            var p = new float[EmotionLabels.Count];
            var k = 0;
            var sum = 0.0;
            foreach (var value in probabilities.EnumerateArray())
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || !double.IsFinite(d) || d < 0 || d > 1)
                {
                    return $"{name}.probabilities[{k}]: {value.GetRawText()} is not a probability (a number from 0 to 1)";
                }

                p[k++] = (float)d;
                sum += d;
            }

            if (Math.Abs(sum - 1) > SumTolerance)
            {
                return $"{name}.probabilities: they sum to {sum.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}, not 1 (±{SumTolerance.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
            }

            result.Add(new FaceResult(new FaceBox(x, y, bw, bh), new EmotionScores(p)));
            i++;
        }

        faces = result;
        return null;
    }

    private static string? Int(JsonElement parent, string property, out int value, string? owner = null)
    {
        value = 0;
        var name = owner is null ? property : $"{owner}.{property}";
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind != JsonValueKind.Number)
        {
            return $"{name}: a whole number is required";
        }

        return element.TryGetInt32(out value) ? null : $"{name}: {element.GetRawText()} is not a whole number";
    }
}
