using TorchSharp;

namespace EmoTune.Training.Tests;

[Collection(LibTorchCollection.Name)]
public sealed class TorchSharpTests
{
    [Fact]
    public void LibTorch_KnownMatrixProduct_ComputesExactly()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        using var b = torch.tensor(new float[] { 7, 8, 9, 10, 11, 12 }, [3, 2]);
        using var product = a.matmul(b);

        Assert.Equal(new float[] { 58, 64, 139, 154 }, product.data<float>().ToArray());
    }

    [Fact]
    public void LibTorch_Autograd_GivesAnalyticGradient()
    {
        using var x = torch.tensor(new float[] { 1, -2, 3 }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();

        Assert.Equal(new float[] { 2, -4, 6 }, x.grad!.data<float>().ToArray());
    }
}
