using System.Runtime.InteropServices;
using System.Text.Json;
using EmoTune.Core.Faces;
using EmoTune.Core.ModelSpec;
using EmoTune.Testing;
using EmoTune.Vision.Inference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.Playwright;
using OpenCvSharp;

namespace EmoTune.E2E.Tests;

/// <summary>
/// One preprocessing: 500 FER2013 PublicTest faces prepared by the page's modules (ondevice/align.js, preprocess.js) in
/// Chromium give the very floats the server's FaceAligner and Preprocessor give, and the models in onnxruntime-web give
/// the logits ONNX Runtime .NET gives. A quarter of the faces go straight in (48 px), a quarter enlarged (area
/// averaging), a quarter cropped to 36 px (bilinear), a quarter placed in a 256 px frame and aligned by landmarks.
/// </summary>
public sealed class PreprocessingEqualityTests(OnDeviceHost fixture) : IClassFixture<OnDeviceHost>
{
    private const int Faces = 500;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Browser_PreprocessingAndLogits_EqualTheServersOn500PublicTestFaces()
    {
        var spec = EmotionModelSpec.FromJson(File.ReadAllText(SharedData.ShippedFile("emotune-fer2013-fp32.onnx.json")), "fp32 spec");
        var preprocessor = new Preprocessor(spec);
        var (cases, blob, expected) = CreateCases(preprocessor);
        var fp32 = Logits(SharedData.ShippedFile("emotune-fer2013-fp32.onnx"), expected, spec);
        var int8 = Logits(SharedData.ShippedModel, expected, spec);

        var page = await fixture.Host.NewPageAsync();
        await Serve(page, "**/test-data/images.bin", blob);
        await Serve(page, "**/test-data/expected.bin", MemoryMarshal.AsBytes(expected.AsSpan()).ToArray());
        await Serve(page, "**/test-data/fp32.onnx", File.ReadAllBytes(SharedData.ShippedFile("emotune-fer2013-fp32.onnx")));
        await Serve(page, "**/test-data/int8.onnx", File.ReadAllBytes(SharedData.ShippedModel));
        await page.GotoAsync(fixture.Host.Address + "/");
        var answer = await page.EvaluateAsync<string>(Script, new { cases = JsonSerializer.Serialize(cases, Web), spec = spec.ToJson() });
        await page.CloseAsync();
        var browser = JsonDocument.Parse(answer).RootElement;

        var different = browser.GetProperty("differentInputs").GetInt32();
        Assert.True(different == 0, different == 0 ? "" : $"{different} input floats differ, the first at {browser.GetProperty("firstDifference")}: {browser.GetProperty("got")} instead of {browser.GetProperty("expected")}");
        var webFp32 = browser.GetProperty("fp32").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var webInt8 = browser.GetProperty("int8").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var maxDiff = fp32.Zip(webFp32, (a, b) => Math.Abs(a - b)).Max();
        var sameTop = Enumerable.Range(0, Faces).Count(i => ArgMax(int8, i) == ArgMax(webInt8, i));
        TestContext.Current.TestOutputHelper?.WriteLine($"fp32 logits: max |browser − .NET| = {maxDiff:E2}; int8: same emotion for {sameTop}/{Faces}; int8 logits max diff {int8.Zip(webInt8, (a, b) => Math.Abs(a - b)).Max():E2}");
        Assert.True(maxDiff <= 1e-4, $"fp32 logits differ by up to {maxDiff:E2}");
        Assert.True(sameTop >= 0.995 * Faces, $"the int8 model picks the same emotion for only {sameTop}/{Faces} faces");
    }

    private const string Script = """
        async ({ cases, spec }) => {
          const [{ preprocess }, { align, regionOf, fer2013Framing }, { parseSpec }, { EmotionClassifier }, { loadRuntime, loadManifest }] = await Promise.all([
            import('/ondevice/preprocess.js'), import('/ondevice/align.js'), import('/ondevice/spec.js'), import('/ondevice/classifier.js'), import('/ondevice/assets.js')]);
          const list = JSON.parse(cases), s = parseSpec(spec, 'fp32 spec'), n = s.inputWidth * s.inputHeight;
          const images = new Uint8Array(await (await fetch('/test-data/images.bin')).arrayBuffer());
          const expected = new Float32Array(await (await fetch('/test-data/expected.bin')).arrayBuffer());
          const batch = new Float32Array(list.length * n);
          list.forEach((c, i) => {
            const src = images.subarray(c.offset, c.offset + c.width * c.height);
            if (c.rightEye) {
              const { pixels, side } = align(regionOf(src, c.width), c.width, c.height, { rightEye: c.rightEye, leftEye: c.leftEye }, s.inputWidth, fer2013Framing);
              preprocess(s, pixels, side, side, side, batch, i * n);
            } else {
              preprocess(s, src, c.width, c.height, c.width, batch, i * n);
            }
          });
          let differentInputs = 0;
          for (let i = 0; i < batch.length; i++) if (batch[i] !== expected[i]) differentInputs++;
          const ort = await loadRuntime((await loadManifest()).runtime);
          const run = async (url) => {
            const session = await ort.InferenceSession.create(new Uint8Array(await (await fetch(url)).arrayBuffer()), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
            const classifier = new EmotionClassifier(ort, session, s, false), out = [];
            for (let i = 0; i < list.length; i += 50) {
              const count = Math.min(50, list.length - i);
              out.push(...await classifier.logits(batch.subarray(i * n, (i + count) * n), count));
            }
            return out;
          };
          const firstDifference = batch.findIndex((v, i) => v !== expected[i]);
          return JSON.stringify({ differentInputs, firstDifference, got: batch[firstDifference], expected: expected[firstDifference], fp32: await run('/test-data/fp32.onnx'), int8: await run('/test-data/int8.onnx') });
        }
        """;

    private static async Task Serve(IPage page, string url, byte[] body) =>
        await page.RouteAsync(url, r => r.FulfillAsync(new() { Status = 200, ContentType = "application/octet-stream", BodyBytes = body }));

    private static int ArgMax(float[] logits, int face)
    {
        var row = logits.AsSpan(face * 7, 7);
        return row.IndexOf(row.ToArray().Max());
    }

    /// <summary>The faces as the page gets them (images back to back, each with its size and landmarks) and as the server prepares them.</summary>
    private static (List<Case> Cases, byte[] Blob, float[] Expected) CreateCases(Preprocessor preprocessor)
    {
        var files = new[] { "angry", "disgust", "fear", "happy", "sad", "surprise", "neutral" }.SelectMany(SharedData.TestImages).Order(StringComparer.Ordinal).ToArray();
        var cases = new List<Case>();
        var blob = new MemoryStream();
        var expected = new float[Faces * preprocessor.InputLength];
        for (var i = 0; i < Faces; i++)
        {
            using var face = Cv2.ImRead(files[i * files.Length / Faces], ImreadModes.Grayscale);
            Assert.Equal((48, 48), (face.Width, face.Height));
            var k = 2 + (i / 4 % 3);
            using var image = new Mat();
            FacePoint[]? eyes = null;
            switch (i % 4)
            {
                case 0:
                    face.CopyTo(image);
                    break;
                case 1:
                    Cv2.Resize(face, image, new Size(48 * k, 48 * k), 0, 0, InterpolationFlags.Nearest);
                    break;
                case 2:
                    new Mat(face, new Rect(6, 6, 36, 36)).CopyTo(image);
                    break;
                default:
                    image.Create(256, 256, MatType.CV_8UC1);
                    image.SetTo(new Scalar(120));
                    var o = 4 + (i % 37);
                    using (var big = new Mat())
                    using (var target = new Mat(image, new Rect(o, o, 48 * k, 48 * k)))
                    {
                        Cv2.Resize(face, big, new Size(48 * k, 48 * k), 0, 0, InterpolationFlags.Nearest);
                        big.CopyTo(target);
                    }

                    var framing = FaceFraming.Fer2013;
                    var distance = framing.EyeDistance * 48 * k * (0.85 + (0.3 * (i % 11) / 10));
                    var angle = ((i % 9) - 4) * 0.05;
                    var (cx, cy) = (o + (framing.EyeCentreX * 48 * k), o + (framing.EyeCentreY * 48 * k));
                    var (dx, dy) = (distance / 2 * Math.Cos(angle), distance / 2 * Math.Sin(angle));
                    eyes = [new FacePoint(cx - dx, cy - dy), new FacePoint(cx + dx, cy + dy)];
                    break;
            }

            image.GetArray(out byte[] pixels);
            cases.Add(new Case((int)blob.Position, image.Width, image.Height, eyes is null ? null : [eyes[0].X, eyes[0].Y], eyes is null ? null : [eyes[1].X, eyes[1].Y]));
            blob.Write(pixels);
            var destination = expected.AsSpan(i * preprocessor.InputLength, preprocessor.InputLength);
            if (eyes is null)
            {
                preprocessor.Process(pixels, image.Width, image.Height, image.Width, destination);
            }
            else
            {
                using var crop = new Mat();
                FaceAligner.Align(image, new FaceLandmarks(eyes[0], eyes[1], eyes[0], eyes[0], eyes[1]), FaceFraming.Fer2013, 48, crop);
                crop.GetArray(out byte[] cropped);
                preprocessor.Process(cropped, crop.Width, crop.Height, crop.Width, destination);
            }
        }

        return (cases, blob.ToArray(), expected);
    }

    /// <summary>The model's raw logits for the prepared faces, with ONNX Runtime .NET.</summary>
    private static float[] Logits(string model, float[] inputs, EmotionModelSpec spec)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, [Faces, 1, spec.InputHeight, spec.InputWidth]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [spec.InputName], [input], [spec.OutputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>One face for the page: where its pixels start in the blob, its size, and the eyes to align by (none: no alignment).</summary>
    private sealed record Case(int Offset, int Width, int Height, double[]? RightEye, double[]? LeftEye);
}
