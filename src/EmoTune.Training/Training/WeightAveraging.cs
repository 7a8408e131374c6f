using EmoTune.Core.ModelSpec;
using EmoTune.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Training;

/// <summary>
/// Weight averaging of networks of one architecture that share a training history (stochastic weight averaging,
/// Izmailov et al. 2018: the ends of learning-rate cycles, or late epochs, of one run; "model soups", Wortsman et al. 2022):
/// the trainable parameters are averaged, then the batch-norm statistics, which an average of weights does not
/// preserve, are measured again on training images.
/// </summary>
public static class WeightAveraging
{
    /// <summary>Sets every trainable parameter of <paramref name="target"/> to the mean of the same parameter in <paramref name="sources"/>.</summary>
    /// <exception cref="ArgumentException">No sources, or networks of different shapes.</exception>
    public static void AverageParameters(nn.Module<Tensor, Tensor> target, IReadOnlyList<nn.Module<Tensor, Tensor>> sources)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            throw new ArgumentException("Nothing to average.", nameof(sources));
        }

        var tables = sources.Select(s => s.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal)).ToList();
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in target.named_parameters())
        {
            using var sum = torch.zeros_like(parameter);
            foreach (var table in tables)
            {
                if (!table.TryGetValue(name, out var p) || !p.shape.SequenceEqual(parameter.shape))
                {
                    throw new ArgumentException($"Parameter {name} is missing or shaped differently in one of the networks; only networks of one architecture can be averaged.", nameof(sources));
                }

                sum.add_(p);
            }

            parameter.copy_(sum / tables.Count);
        }
    }

    /// <summary>
    /// Measures batch-norm running statistics afresh: reset, then the exact mean over <paramref name="images"/> seeded
    /// training images (in batches of <paramref name="batchSize"/>, augmented as in training when <paramref name="augmenter"/>
    /// is given) of the per-batch statistics, with gradients off. Returns the number of batch-norm layers updated.
    /// </summary>
    public static int RecalibrateBatchNorm(
        nn.Module<Tensor, Tensor> network,
        FaceDataset train,
        EmotionModelSpec spec,
        int images,
        int batchSize,
        Augmenter? augmenter,
        int seed,
        IProgress<int>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(spec);
        if (train.Count == 0)
        {
            throw new DatasetException($"Training split '{train.Name}' is empty; batch norms can't be measured.");
        }

        var norms = network.modules().OfType<TorchSharp.Modules.BatchNorm2d>().ToList();
        var momenta = norms.Select(bn => bn.momentum).ToList();
        foreach (var bn in norms)
        {
            bn.reset_running_stats();
        }

        var order = Enumerable.Range(0, train.Count).ToArray();
        new Random(seed).Shuffle(order);
        var n = Math.Min(images, train.Count);
        var size = spec.InputWidth * spec.InputHeight;
        var builder = new BatchBuilder(train, spec);
        var buffer = new float[batchSize * size];
        network.train();
        using var noGrad = torch.no_grad();
        var k = 0;
        for (var first = 0; first < n; first += batchSize, k++)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, n - first);
            if (count < 2)
            {
                break; // batch norm can't take statistics of one image
            }

            if (augmenter is null)
            {
                builder.Evaluation(order.AsSpan(first, count), buffer);
            }
            else
            {
                builder.Training(order, first, count, augmenter, seed, buffer);
            }

            // Momentum 1/(k+1) makes the running value the plain mean of the k+1 batch statistics so far.
            foreach (var bn in norms)
            {
                bn.momentum = 1.0 / (k + 1);
            }

            using var scope = torch.NewDisposeScope();
            using var input = torch.tensor(buffer.AsSpan(0, count * size).ToArray(), [count, 1, spec.InputHeight, spec.InputWidth]);
            network.forward(input);
            progress?.Report(first + count);
        }

        for (var i = 0; i < norms.Count; i++)
        {
            norms[i].momentum = momenta[i];
        }

        network.eval();
        return norms.Count;
    }
}
