using EmoTune.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Tests.Models;

[Collection(LibTorchCollection.Name)]
public sealed class ConvolutionSelfCheckTests
{
    [Theory]
    [InlineData(24, 48, 24, 16)] // vgg-slim's second stage: wrong under oneDNN's AVX-512 kernel on the 2026-12-02 machine
    [InlineData(24, 64, 24, 64)] // vgg-lite's second stage, at the training batch size
    [InlineData(40, 40, 12, 8)]
    [InlineData(32, 64, 24, 16)]
    public void Convolution_AfterANetworkIsCreated_MatchesFloat64(int inputs, int outputs, int side, int batch)
    {
        using var net = NetworkFactory.Create("vgg-tiny");
        torch.manual_seed(7);
        using var x = torch.randn(batch, inputs, side, side);
        using var w = torch.randn(outputs, inputs, 3, 3) * 0.1;
        using var single = nn.functional.conv2d(x, w, padding: [1, 1]);
        using var reference = nn.functional.conv2d(x.to_type(ScalarType.Float64), w.to_type(ScalarType.Float64), padding: [1, 1]);

        var error = (single.to_type(ScalarType.Float64) - reference).abs().max().item<double>();

        Assert.True(error <= 1e-4, $"{inputs}->{outputs} channels at {side}x{side}, batch {batch}: max |difference| {error:E2} to float64 (oneDNN on: {ConvolutionSelfCheck.Ensure().OneDnn})");
        Assert.True(ConvolutionSelfCheck.MaxError() <= ConvolutionSelfCheck.Tolerance, "the self-check's own shapes are still wrong");
    }

    [Fact]
    public void SelfCheck_RunsBetweenSeedAndDraw_LeavesTheRandomStreamAlone()
    {
        torch.manual_seed(99);
        using var expected = torch.randn(8);
        torch.manual_seed(99);
        _ = ConvolutionSelfCheck.MaxError();
        using var actual = torch.randn(8);

        Assert.True((expected - actual).abs().max().item<float>() == 0, "the self-check drew from libtorch's global generator: seeded runs would change");
    }

    [Fact]
    public void SelfCheck_WhenOneDnnWasTurnedOff_SaysSoAndHowToAvoidIt()
    {
        var result = ConvolutionSelfCheck.Ensure();

        if (result.OneDnn)
        {
            Assert.Null(result.Notice);
            Assert.True(result.ErrorWithOneDnn <= ConvolutionSelfCheck.Tolerance);
        }
        else
        {
            Assert.True(result.ErrorWithOneDnn > ConvolutionSelfCheck.Tolerance);
            Assert.Contains("ONEDNN_MAX_CPU_ISA=AVX2", result.Notice, StringComparison.Ordinal);
        }
    }
}
