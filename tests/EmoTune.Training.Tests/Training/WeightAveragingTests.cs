using EmoTune.Training.Data;
using EmoTune.Training.Models;
using EmoTune.Training.Training;
using TorchSharp;

namespace EmoTune.Training.Tests.Training;

[Collection(LibTorchCollection.Name)]
public sealed class WeightAveragingTests
{
    [Fact]
    public void AverageParameters_TwoNetworks_IsTheElementwiseMean()
    {
        torch.manual_seed(1);
        using var a = NetworkFactory.Create("vgg-tiny");
        using var b = NetworkFactory.Create("vgg-tiny");
        using var target = NetworkFactory.Create("vgg-tiny");

        WeightAveraging.AverageParameters(target, [a, b]);

        var pa = a.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var pb = b.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in target.named_parameters())
        {
            using var expected = (pa[name] + pb[name]) / 2;
            Assert.True(torch.allclose(p, expected, rtol: 0, atol: 1e-6), $"{name} is not the mean");
        }

        Assert.Contains(pa.Keys, name => !torch.allclose(pa[name], pb[name], rtol: 0, atol: 0)); // else the test can't tell
    }

    [Fact]
    public void AverageParameters_OtherArchitecture_IsRefused()
    {
        using var tiny = NetworkFactory.Create("vgg-tiny");
        using var vgg = NetworkFactory.Create("vgg");

        var ex = Assert.Throws<ArgumentException>(() => WeightAveraging.AverageParameters(tiny, [tiny, vgg]));

        Assert.Contains("one architecture", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecalibrateBatchNorm_RunningMeanIsTheMeanOverTheImages()
    {
        torch.manual_seed(2);
        using var net = (VggNet)NetworkFactory.Create("vgg-tiny");
        var data = Fixtures.CreateDataset([6, 6, 6, 6, 6, 6, 4], seedBase: 9); // 40 images: two batches of 20
        var spec = Trainer.SpecFor(new TrainingOptions { Architecture = "vgg-tiny" }, net.InputSize);
        var first = net.Blocks[0];
        using (torch.no_grad())
        {
            first.Norm.running_mean!.fill_(5);
        }

        first.Norm.momentum = 0.3;

        var layers = WeightAveraging.RecalibrateBatchNorm(net, data, spec, images: 40, batchSize: 20, augmenter: null, seed: 3);

        var buffer = new float[data.Count * data.ImageSize];
        new BatchBuilder(data, spec).Evaluation(Enumerable.Range(0, data.Count).ToArray(), buffer);
        using var noGrad = torch.no_grad();
        using var input = torch.tensor(buffer, [data.Count, 1, 48, 48]);
        using var expected = first.Conv.forward(input).mean([0, 2, 3]);
        Assert.Equal(3, layers);
        Assert.True(torch.allclose(first.Norm.running_mean!, expected, rtol: 0, atol: 1e-4), "running mean is not the mean of the conv output over all images");
        Assert.False(net.training);
        Assert.Equal(0.3, first.Norm.momentum); // each layer's own momentum is back for later training
    }
}
