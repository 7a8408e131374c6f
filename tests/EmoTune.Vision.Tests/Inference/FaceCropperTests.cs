using EmoTune.Core.Faces;
using EmoTune.Core.ModelSpec;
using EmoTune.Vision.Inference;
using OpenCvSharp;

namespace EmoTune.Vision.Tests.Inference;

public sealed class FaceCropperTests
{
    private static readonly EmotionModelSpec Spec = new() { Architecture = "test" };

    [Fact]
    public void Crop_FaceAtNativeSize_GivesExactlyWhatTrainingGives()
    {
        using var face = Scenes.LoadFace("happy", Faces.Detectable[0].File);
        var box = new FaceBox(123, 77, 48, 48);
        using var frame = Scenes.Create([(face, box)]);
        var batch = new float[Spec.InputWidth * Spec.InputHeight];

        CreateCropper().Crop(frame, [box], batch);

        Assert.Equal(new Preprocessor(Spec).Process(face.AsSpan<byte>(), 48, 48), batch);
    }

    [Fact]
    public void Crop_FaceEnlargedThreefold_AreaResamplingRecoversTheOriginal()
    {
        using var face = Scenes.LoadFace("sad", Faces.Detectable[3].File);
        using var enlarged = new Mat();
        Cv2.Resize(face, enlarged, new Size(144, 144), 0, 0, InterpolationFlags.Nearest);
        using var frame = Scenes.Background(seed: 4);
        var box = new FaceBox(300, 200, 144, 144);
        using (var target = new Mat(frame, new Rect(box.X, box.Y, box.Width, box.Height)))
        {
            enlarged.CopyTo(target);
        }

        var batch = new float[Spec.InputWidth * Spec.InputHeight];

        CreateCropper().Crop(frame, [box], batch);

        var expected = new Preprocessor(Spec).Process(face.AsSpan<byte>(), 48, 48);
        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.Equal(expected[i], batch[i], 1e-4f));
    }

    [Fact]
    public void Crop_SeveralFaces_WritesThemBackToBackInBoxOrder()
    {
        var faces = Faces.Load();
        try
        {
            using var frame = Scenes.Create(faces);
            var cropper = CreateCropper();
            var length = cropper.ImageLength;
            var batch = new float[faces.Count * length];

            cropper.Crop(frame, faces.Select(f => f.Box).ToArray(), batch);

            for (var i = 0; i < faces.Count; i++)
            {
                var single = new float[length];
                cropper.Crop(frame, [faces[i].Box], single);
                Assert.Equal(single, batch.AsSpan(i * length, length).ToArray());
            }

            Assert.NotEqual(batch.AsSpan(0, length).ToArray(), batch.AsSpan(length, length).ToArray());
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Fact]
    public void Crop_BgrFrame_SameAsGrey()
    {
        var faces = Faces.Load();
        try
        {
            using var grey = Scenes.Create(faces);
            using var bgr = Scenes.ToBgr(grey);
            var boxes = faces.Select(f => f.Box).ToArray();
            var cropper = CreateCropper();
            var fromGrey = new float[boxes.Length * cropper.ImageLength];
            var fromBgr = new float[boxes.Length * cropper.ImageLength];

            cropper.Crop(grey, boxes, fromGrey);
            cropper.Crop(bgr, boxes, fromBgr);

            Assert.Equal(fromGrey, fromBgr);
        }
        finally
        {
            Faces.Dispose(faces);
        }
    }

    [Fact]
    public void Crop_Margin_CropsTheGrownBoxClippedToTheFrame()
    {
        using var frame = Scenes.Noise(seed: 9);
        var box = new FaceBox(10, 200, 100, 80);
        var grown = box.Expand(0.25, frame.Width, frame.Height);
        var withMargin = new float[Spec.InputWidth * Spec.InputHeight];
        var ofGrownBox = new float[withMargin.Length];

        CreateCropper(new FaceCropOptions { Margin = 0.25 }).Crop(frame, [box], withMargin);
        CreateCropper().Crop(frame, [grown], ofGrownBox);

        Assert.Equal(new FaceBox(0, 180, 135, 120), grown);
        Assert.Equal(ofGrownBox, withMargin);
    }

    [Fact]
    public void Crop_ClaheOnALowContrastFace_SpreadsItsValues()
    {
        using var face = Scenes.LoadFace("neutral", Faces.Detectable[1].File);
        using var dull = new Mat();
        face.ConvertTo(dull, MatType.CV_8UC1, alpha: 0.2, beta: 100);
        var box = new FaceBox(200, 150, 48, 48);
        using var frame = Scenes.Create([(dull, box)]);
        var plain = new float[Spec.InputWidth * Spec.InputHeight];
        var equalised = new float[plain.Length];

        CreateCropper().Crop(frame, [box], plain);
        CreateCropper(new FaceCropOptions { Clahe = true }).Crop(frame, [box], equalised);

        Assert.True(StandardDeviation(equalised) > 2 * StandardDeviation(plain), $"std {StandardDeviation(plain):F3} -> {StandardDeviation(equalised):F3}");
    }

    [Fact]
    public void Crop_BoxOutsideTheFrame_IsRefused()
    {
        using var frame = Scenes.Blank();

        var ex = Assert.Throws<ArgumentException>(() => CreateCropper().Crop(frame, [new FaceBox(700, 10, 50, 50)], new float[48 * 48]));

        Assert.Contains("outside", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crop_BufferTooSmall_IsRefused()
    {
        using var frame = Scenes.Blank();

        Assert.Throws<ArgumentException>(() => CreateCropper().Crop(frame, [new FaceBox(0, 0, 50, 50), new FaceBox(60, 0, 50, 50)], new float[48 * 48]));
    }

    private static FaceCropper CreateCropper(FaceCropOptions? options = null) => new(Spec, options ?? new FaceCropOptions());

    private static double StandardDeviation(float[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
