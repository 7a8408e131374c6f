using System.Text.Json;
using EmoTune.Testing;
using OpenCvSharp;

namespace EmoTune.E2E.Tests;

/// <summary>
/// The page spreads the server's mirror averaging over a stream's frames (ondevice/classifier.js,
/// AlternatingMirrorClassifier): a face followed from the frame before is classified once, in the view it was not
/// classified in then, and averaged with that pass; a new face gets both views at once.
/// </summary>
public sealed class OnDeviceMirrorTests(OnDeviceHost fixture) : IClassFixture<OnDeviceHost>
{
    private const double Tolerance = 1e-6;

    [Fact]
    public async Task Alternating_FollowedFacesOneImageEach_NewFacesBoth_AndTheAverageIsTheMirrorAverage()
    {
        var page = await fixture.Host.NewPageAsync();
        await page.GotoAsync(fixture.Host.Address + "/");
        var a = Pixels(Path.Combine(SharedData.Fer2013Test, "happy", "PublicTest_10130075.jpg"));
        var b = Pixels(SharedData.TestImages("sad").Order(StringComparer.Ordinal).First());
        var answer = await page.EvaluateAsync<string>(UnitScript, new { a, b });
        await page.CloseAsync();
        var r = JsonDocument.Parse(answer).RootElement;
        float[] Row(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetSingle())];
        var steps = r.GetProperty("steps").EnumerateArray().ToList();
        var (seenA, mirrorA, seenB, mirrorB) = (Row(r.GetProperty("seenA")), Row(r.GetProperty("mirrorA")), Row(r.GetProperty("seenB")), Row(r.GetProperty("mirrorB")));
        var (bothA, bothB) = (Row(r.GetProperty("bothA")), Row(r.GetProperty("bothB")));
        Assert.True(seenA.Zip(mirrorA, (x, y) => Math.Abs(x - y)).Max() > 1e-3, "the face and its mirror image got the same probabilities: the test could not tell the views apart");

        int[] images = [.. steps.Select(s => s.GetProperty("images").GetInt32())];
        Assert.Equal([2, 1, 1, 1, 2, 3, 2, 0, 2], images);

        void Close(float[] expected, JsonElement got, string what)
        {
            var row = Row(got);
            var diff = expected.Zip(row, (x, y) => Math.Abs(x - y)).Max();
            Assert.True(diff <= Tolerance, $"{what}: [{string.Join(", ", row)}] differs from [{string.Join(", ", expected)}] by {diff:E2}");
        }

        float[] Mean(float[] x, float[] y) => [.. x.Zip(y, (p, q) => (p + q) / 2)];
        JsonElement Face(int step, int face) => steps[step].GetProperty("p")[face];

        // A new face: both views at once, as the server's MirrorAveragingClassifier.
        Close(bothA, Face(0, 0), "a new face");
        // The same face still: one view a frame, the average unchanged.
        Close(bothA, Face(1, 0), "the frame after");
        Close(bothA, Face(2, 0), "two frames after");
        // A followed face that changed: this frame's view (as seen: the last was mirrored) with the frame before's mirror.
        Close(Mean(seenB, mirrorA), Face(3, 0), "a followed face whose expression changed");
        // A face where none was: both views again.
        Close(bothB, Face(4, 0), "a face far from the one before");
        // Two faces, one followed and one new, in one run of three images.
        Close(bothB, Face(5, 0), "the followed face of two");
        Close(bothA, Face(5, 1), "the new face of two");
        // After reset (a new stream) every face is new.
        Close(bothA, Face(6, 0), "after reset");
        // A frame without a face runs no model, and the face that comes back is new: both views again.
        Assert.Equal(0, steps[7].GetProperty("p").GetArrayLength());
        Close(bothA, Face(8, 0), "a face after a frame without one");
        Close(Mean(seenB, mirrorB), Face(4, 0), "both views of the second face");
    }

    [Fact]
    public async Task Pipeline_StillScene_ClassifiesOneImageAFrameAfterTheFirst_AndAgreesWithBothViews()
    {
        const int frameCount = 5;
        var page = await fixture.Host.NewPageAsync();
        using var face = Cv2.ImRead(Path.Combine(SharedData.Fer2013Test, "happy", "PublicTest_10130075.jpg"), ImreadModes.Grayscale);
        using var frame = OnDeviceFollowerTests.Frame(face, 320, 240, 0);
        var png = frame.ImEncode(".png");
        await page.RouteAsync("**/test-data/still.png", r => r.FulfillAsync(new() { Status = 200, ContentType = "image/png", BodyBytes = png }));
        await page.GotoAsync(fixture.Host.Address + "/");
        var answer = await page.EvaluateAsync<string>(PipelineScript, frameCount);
        await page.CloseAsync();
        var frames = JsonDocument.Parse(answer).RootElement.EnumerateArray().ToList();

        Assert.Equal(frameCount, frames.Count);
        int[] images = [.. frames.Select(f => f.GetProperty("images").GetInt32())];
        Assert.Equal([2, 1, 1, 1, 1], images);
        foreach (var f in frames)
        {
            float[] got = [.. f.GetProperty("p").EnumerateArray().Select(v => v.GetSingle())];
            float[] both = [.. f.GetProperty("both").EnumerateArray().Select(v => v.GetSingle())];
            Assert.Equal(Array.IndexOf(both, both.Max()), Array.IndexOf(got, got.Max()));
            Assert.True(got.Zip(both, (x, y) => Math.Abs(x - y)).Max() < 0.05, $"[{string.Join(", ", got)}] against both views [{string.Join(", ", both)}]");
        }
    }

    private static int[] Pixels(string file)
    {
        using var face = Cv2.ImRead(file, ImreadModes.Grayscale);
        Assert.Equal((48, 48), (face.Width, face.Height));
        face.GetArray(out byte[] pixels);
        return [.. pixels.Select(p => (int)p)];
    }

    private const string UnitScript = """
        async ({ a, b }) => {
          const [{ OnDevicePipeline }, { loadManifest }, { preprocess }, { AlternatingMirrorClassifier, softmax }] = await Promise.all([
            import('/ondevice/pipeline.js'), import('/ondevice/assets.js'), import('/ondevice/preprocess.js'), import('/ondevice/classifier.js')]);
          const pipeline = await OnDevicePipeline.create(await loadManifest());
          const c = pipeline.classifier, s = c.spec, n = s.inputWidth * s.inputHeight;
          if (!c.mirrorAverage) throw new Error('the server does not average mirrors');
          const prepared = (pixels) => { const out = new Float32Array(n); preprocess(s, Uint8Array.from(pixels), 48, 48, 48, out, 0); return out; };
          const faceA = prepared(a), faceB = prepared(b);
          const mirrored = (x) => { const out = new Float32Array(n); for (let y = 0; y < 48; y++) for (let i = 0; i < 48; i++) out[y * 48 + i] = x[y * 48 + 47 - i]; return out; };
          const single = async (x) => softmax(await c.logits(x, 1), s.temperature);
          const two = new Float32Array(2 * n); two.set(faceB); two.set(faceA, n);
          const alt = new AlternatingMirrorClassifier(c), steps = [];
          const box = { x: 100, y: 100, width: 150, height: 150 }, shifted = { x: 110, y: 104, width: 150, height: 150 }, far = { x: 400, y: 200, width: 150, height: 150 };
          const step = async (batch, boxes) => { const before = alt.images; const p = await alt.classify(batch, boxes); steps.push({ images: alt.images - before, p }); };
          await step(faceA, [box]);
          await step(faceA, [box]);
          await step(faceA, [box]);
          await step(faceB, [shifted]);
          await step(faceB, [far]);
          await step(two, [far, box]);
          alt.reset();
          await step(faceA, [box]);
          await step(faceA, []);
          await step(faceA, [box]);
          return JSON.stringify({
            steps, seenA: await single(faceA), mirrorA: await single(mirrored(faceA)), seenB: await single(faceB), mirrorB: await single(mirrored(faceB)),
            bothA: (await c.classify(faceA, 1))[0], bothB: (await c.classify(faceB, 1))[0],
          });
        }
        """;

    private const string PipelineScript = """
        async (count) => {
          const [{ OnDevicePipeline }, { loadManifest }] = await Promise.all([import('/ondevice/pipeline.js'), import('/ondevice/assets.js')]);
          const pipeline = await OnDevicePipeline.create(await loadManifest());
          const bitmap = await createImageBitmap(await (await fetch('/test-data/still.png')).blob());
          const frames = [];
          for (let i = 0; i < count; i++) {
            const before = pipeline.alternating.images;
            const r = await pipeline.process(bitmap, bitmap.width, bitmap.height);
            if (r.faces.length !== 1) throw new Error('frame ' + i + ': ' + r.faces.length + ' faces');
            const images = pipeline.alternating.images - before;
            frames.push({ images, p: r.faces[0].probabilities, both: (await pipeline.classifier.classify(pipeline.batch, 1))[0] });
          }
          return JSON.stringify(frames);
        }
        """;
}
