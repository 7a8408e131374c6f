using System.Text.Json;
using EmoTune.Testing;
using Microsoft.Playwright;
using OpenCvSharp;

namespace EmoTune.E2E.Tests;

/// <summary>
/// The page follows a stream's faces as the server does (ondevice/follower.js, FaceFollower): one YuNet pass on the
/// whole frame, then windows around the known face, turned by its tilt, while it moves and turns.
/// </summary>
public sealed class OnDeviceFollowerTests(OnDeviceHost fixture) : IClassFixture<OnDeviceHost>
{
    private const int Frames = 6;

    [Fact]
    public async Task Pipeline_FaceMovingAndTurning_FollowedInWindowsWithOneFullDetection()
    {
        var placed = new List<(double X, double Y)>();
        var page = await fixture.Host.NewPageAsync();
        using var face = Cv2.ImRead(Path.Combine(SharedData.Fer2013Test, "happy", "PublicTest_10130075.jpg"), ImreadModes.Grayscale);
        for (var i = 0; i < Frames; i++)
        {
            // 150 px, moving 12 px right and 5 px down and turning 3° a frame, on a shaded background.
            var (cx, cy, angle) = (175.0 + (i * 12), 195.0 + (i * 5), i * 3.0);
            placed.Add((cx, cy));
            using var frame = Frame(face, cx, cy, angle);
            var png = frame.ImEncode(".png");
            await page.RouteAsync($"**/test-data/frame{i}.png", r => r.FulfillAsync(new() { Status = 200, ContentType = "image/png", BodyBytes = png }));
        }

        await page.GotoAsync(fixture.Host.Address + "/");
        var answer = await page.EvaluateAsync<string>(Script, Frames);
        await page.CloseAsync();
        var result = JsonDocument.Parse(answer).RootElement;

        var frames = result.GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(Frames, frames.Count);
        for (var i = 0; i < Frames; i++)
        {
            var faces = frames[i].EnumerateArray().ToList();
            Assert.True(faces.Count == 1, $"frame {i}: {faces.Count} faces");
            var box = faces[0].GetProperty("box");
            var (x, y, w, h) = (box.GetProperty("x").GetDouble(), box.GetProperty("y").GetDouble(), box.GetProperty("width").GetDouble(), box.GetProperty("height").GetDouble());
            Assert.True(Math.Abs(x + (w / 2) - placed[i].X) < 30 && Math.Abs(y + (h / 2) - placed[i].Y) < 30, $"frame {i}: box centre ({x + (w / 2)}, {y + (h / 2)}), face centre {placed[i]}");
            Assert.InRange(w, 75, 240);
        }

        Assert.Equal(1, result.GetProperty("fullDetections").GetInt32());
    }

    /// <summary>
    /// A turned pass (RotatingFaceDetector's, in ondevice/yunet.js) turns its faces back into the frame: an upright face
    /// 165 px from the frame's centre, found in the frame turned by +20° and by −20°, comes back where it is, eyes level.
    /// A wrong turn's sign or centre would put it about 110 px away and 40° tilted.
    /// </summary>
    [Fact]
    public async Task Detector_TurnedPasses_FacesComeBackWhereTheyAreInTheFrame()
    {
        var page = await fixture.Host.NewPageAsync();
        using var face = Cv2.ImRead(Path.Combine(SharedData.Fer2013Test, "happy", "PublicTest_10130075.jpg"), ImreadModes.Grayscale);
        using var frame = Frame(face, 175, 195, 0);
        var png = frame.ImEncode(".png");
        await page.RouteAsync("**/test-data/upright.png", r => r.FulfillAsync(new() { Status = 200, ContentType = "image/png", BodyBytes = png }));

        await page.GotoAsync(fixture.Host.Address + "/");
        var answer = await page.EvaluateAsync<string>(TurnedScript);
        await page.CloseAsync();

        foreach (var pass in JsonDocument.Parse(answer).RootElement.EnumerateArray())
        {
            var one = pass.EnumerateArray().ToList();
            Assert.True(one.Count == 1, $"{one.Count} faces");
            var box = one[0].GetProperty("box");
            var (x, y, w, h) = (box.GetProperty("x").GetDouble(), box.GetProperty("y").GetDouble(), box.GetProperty("width").GetDouble(), box.GetProperty("height").GetDouble());
            Assert.True(Math.Abs(x + (w / 2) - 175) < 25 && Math.Abs(y + (h / 2) - 195) < 25, $"box centre ({x + (w / 2)}, {y + (h / 2)}), face centre (175, 195)");
            var l = one[0].GetProperty("landmarks");
            double[] Point(string name) => [.. l.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];
            var (right, left) = (Point("rightEye"), Point("leftEye"));
            var roll = Math.Atan2(left[1] - right[1], left[0] - right[0]) * 180 / Math.PI;
            Assert.InRange(roll, -8, 8);
        }
    }

    /// <summary>
    /// With the server's RotatedPasses (20 by default) the page looks for tilted heads: the upright pass at each full
    /// detection, and in the frame after it one turned pass, +20° and −20° in turn; a face tilted 25° is found by the
    /// second cycle's turned pass at the latest (frame 9) and followed from then on.
    /// </summary>
    [Fact]
    public async Task Pipeline_TiltedFace_FoundByATurnedPassAndFollowed()
    {
        const int frameCount = 12;
        var page = await fixture.Host.NewPageAsync();
        using var face = Cv2.ImRead(Path.Combine(SharedData.Fer2013Test, "happy", "PublicTest_10130075.jpg"), ImreadModes.Grayscale);
        using var frame = Frame(face, 320, 240, 25);
        var png = frame.ImEncode(".png");
        for (var i = 0; i < frameCount; i++)
        {
            await page.RouteAsync($"**/test-data/frame{i}.png", r => r.FulfillAsync(new() { Status = 200, ContentType = "image/png", BodyBytes = png }));
        }

        await page.GotoAsync(fixture.Host.Address + "/");
        var answer = await page.EvaluateAsync<string>(Script, frameCount);
        await page.CloseAsync();
        var result = JsonDocument.Parse(answer).RootElement;

        Assert.Equal(20, result.GetProperty("rotatedPasses").GetDouble());
        var frames = result.GetProperty("frames").EnumerateArray().ToList();
        for (var i = 9; i < frameCount; i++)
        {
            var faces = frames[i].EnumerateArray().ToList();
            Assert.True(faces.Count == 1, $"frame {i}: {faces.Count} faces");
            var box = faces[0].GetProperty("box");
            var (x, y, w, h) = (box.GetProperty("x").GetDouble(), box.GetProperty("y").GetDouble(), box.GetProperty("width").GetDouble(), box.GetProperty("height").GetDouble());
            Assert.True(Math.Abs(x + (w / 2) - 320) < 30 && Math.Abs(y + (h / 2) - 240) < 30, $"frame {i}: box centre ({x + (w / 2)}, {y + (h / 2)})");
        }

        // A face found stays followed: no full detection beyond one a cycle; one turned pass in each cycle.
        Assert.InRange(result.GetProperty("fullDetections").GetInt32(), 2, 3);
        Assert.Equal(result.GetProperty("fullDetections").GetInt32(), result.GetProperty("turnedPasses").GetInt32());
    }

    internal static Mat Frame(Mat face, double cx, double cy, double angle)
    {
        var pixels = new byte[480 * 640];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(70 + (100 * (i % 640) / 640));
        }

        var frame = new Mat(480, 640, MatType.CV_8UC1);
        frame.SetArray(pixels);

        using var big = new Mat();
        Cv2.Resize(face, big, new Size(150, 150), 0, 0, InterpolationFlags.Cubic);
        using var turn = Cv2.GetRotationMatrix2D(new Point2f(75, 75), -angle, 1);
        // Warp the face onto the frame about its centre; the corners it turns out of stay background.
        using var mask = new Mat(150, 150, MatType.CV_8UC1, Scalar.All(255));
        using var warped = new Mat();
        using var warpedMask = new Mat();
        turn.Set(0, 2, turn.At<double>(0, 2) + cx - 75);
        turn.Set(1, 2, turn.At<double>(1, 2) + cy - 75);
        Cv2.WarpAffine(big, warped, turn, frame.Size(), InterpolationFlags.Linear);
        Cv2.WarpAffine(mask, warpedMask, turn, frame.Size(), InterpolationFlags.Nearest);
        warped.CopyTo(frame, warpedMask);
        var bgr = new Mat();
        Cv2.CvtColor(frame, bgr, ColorConversionCodes.GRAY2BGR);
        frame.Dispose();
        return bgr;
    }

    private const string Script = """
        async (count) => {
          const [{ OnDevicePipeline }, { loadManifest }] = await Promise.all([import('/ondevice/pipeline.js'), import('/ondevice/assets.js')]);
          const pipeline = await OnDevicePipeline.create(await loadManifest());
          const frames = [];
          for (let i = 0; i < count; i++) {
            const bitmap = await createImageBitmap(await (await fetch('/test-data/frame' + i + '.png')).blob());
            const r = await pipeline.process(bitmap, bitmap.width, bitmap.height);
            frames.push(r.faces.map((f) => ({ box: f.box })));
          }
          return JSON.stringify({ frames, fullDetections: pipeline.follower.fullDetections, turnedPasses: pipeline.follower.turnedPasses, rotatedPasses: pipeline.manifest.detector.rotatedPasses });
        }
        """;

    private const string TurnedScript = """
        async () => {
          const [{ OnDevicePipeline }, { loadManifest }] = await Promise.all([import('/ondevice/pipeline.js'), import('/ondevice/assets.js')]);
          const pipeline = await OnDevicePipeline.create(await loadManifest());
          const bitmap = await createImageBitmap(await (await fetch('/test-data/upright.png')).blob());
          const passes = [];
          for (const angle of [20, -20]) passes.push(await pipeline.detector.detectTurned(bitmap, bitmap.width, bitmap.height, angle));
          return JSON.stringify(passes);
        }
        """;
}
