using EmoTune.Core.ModelSpec;

namespace EmoTune.Training.Data;

/// <summary>
/// Turns dataset images into normalised float batches (N×1×H×W, row-major). Evaluation batches go through the shared
/// <see cref="Preprocessor"/>; training batches through the <see cref="Augmenter"/> with one seeded RNG per sample, so a
/// batch is the same whatever the thread count, and a resumed run sees exactly the images an uninterrupted run would.
/// </summary>
public sealed class BatchBuilder(FaceDataset dataset, EmotionModelSpec spec)
{
    private readonly Preprocessor _preprocessor = new(spec);

    /// <summary>The dataset batches are drawn from.</summary>
    public FaceDataset Dataset { get; } = dataset;

    /// <summary>Writes the preprocessed images at <paramref name="indices"/> into <paramref name="destination"/>.</summary>
    public void Evaluation(ReadOnlySpan<int> indices, Span<float> destination, bool flip = false) =>
        Evaluation(indices, destination, flip ? TestTimeView.Mirrored : TestTimeView.Identity);

    /// <summary>Writes <paramref name="view"/> of the preprocessed images at <paramref name="indices"/> into <paramref name="destination"/>.</summary>
    public void Evaluation(ReadOnlySpan<int> indices, Span<float> destination, TestTimeView view)
    {
        var size = _preprocessor.InputLength;
        var plain = view == TestTimeView.Identity ? null : new float[size];
        for (var i = 0; i < indices.Length; i++)
        {
            var dst = destination.Slice(i * size, size);
            _preprocessor.Process(Dataset.Image(indices[i]), Dataset.Width, Dataset.Height, Dataset.Width, plain ?? dst);
            if (plain is not null)
            {
                view.Apply(plain, dst, spec.InputWidth, spec.InputHeight);
            }
        }
    }

    /// <summary>Writes augmented, normalised images at <paramref name="indices"/>; sample i uses seed <c>Seeds.Mix(seed, first + i)</c>.</summary>
    public void Training(int[] indices, int first, int count, Augmenter augmenter, int seed, float[] destination)
    {
        var size = Dataset.ImageSize;
        var scale = 1f / spec.Std;
        var offset = spec.Mean / spec.Std;
        Parallel.For(0, count, i =>
        {
            var rng = new Random(Seeds.Mix(seed, first + i));
            var dst = destination.AsSpan(i * size, size);
            augmenter.Apply(Dataset.Image(indices[first + i]), Dataset.Width, Dataset.Height, dst, rng);
            for (var p = 0; p < size; p++)
            {
                dst[p] = (dst[p] * scale) - offset;
            }
        });
    }
}
