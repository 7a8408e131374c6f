using EmoTune.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Tests.Models;

[Collection(LibTorchCollection.Name)]
public sealed class MultiplyAddsTests
{
    [Theory]
    // 4 stages of two 3x3 convolutions at 48, 24, 12 and 6 px (1-32-32, 32-64-64, 64-128-128, 128-256-256 channels),
    // then 2304 -> 256 -> 7: 48²·9·(1·32 + 32·32) + 24²·9·(32·64 + 64·64) + 12²·9·(64·128 + 128·128) + 6²·9·(128·256 + 256·256) + 2304·256 + 256·7.
    [InlineData("vgg", 118_040_320L)]
    // 3 stages of one 3x3 convolution (1-8, 8-16, 16-32) at 48, 24, 12 px, then 32·6·6 = 1152 -> 32 -> 7.
    [InlineData("vgg-tiny", (48 * 48 * 9 * 8) + (24 * 24 * 9 * 8 * 16) + (12 * 12 * 9 * 16 * 32) + (1152 * 32) + (32 * 7))]
    public void Vgg_CountsEveryConvolutionAndLinearLayer_AsByHand(string architecture, long expected)
    {
        using var network = NetworkFactory.Create(architecture);

        Assert.Equal(expected, NetworkFactory.MultiplyAdds(network));
    }

    [Fact]
    public void GroupedAndStridedConvolutions_CountPerGroupAtTheirOutputSize_AndTheNetworkIsLeftAsItWas()
    {
        using var network = nn.Sequential(
            ("conv", nn.Conv2d(1, 4, 3, padding: 1)),
            ("depthwise", nn.Conv2d(4, 4, 3, stride: 2, padding: 1, groups: 4)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(4 * 12 * 12, 7)));
        network.train();
        const long expected = (24 * 24 * 4 * 9) + (12 * 12 * 4 * 9) + (4 * 12 * 12 * 7);

        var first = NetworkFactory.MultiplyAdds(network, inputSide: 24);
        var second = NetworkFactory.MultiplyAdds(network, inputSide: 24);

        Assert.Equal(expected, first);
        Assert.Equal(expected, second); // the hooks of the first count were removed
        Assert.True(network.training, "the count left the network in eval mode");
    }

    [Theory]
    [InlineData("efficientnet-b0")]
    [InlineData("efficientnet-b3")]
    public void EfficientNet_CountsMoreThanItsParameters_AndB3MoreThanB0(string architecture)
    {
        using var network = NetworkFactory.Create(architecture);
        using var b0 = NetworkFactory.Create("efficientnet-b0");

        var count = NetworkFactory.MultiplyAdds(network);

        // Every weight of a convolution is used at least once per output pixel, so a 48 px network does at least as many
        // multiply-adds as it has parameters; B3 is B0 widened and deepened.
        Assert.True(count > NetworkFactory.ParameterCount(network), $"{architecture}: {count:N0} multiply-adds for {NetworkFactory.ParameterCount(network):N0} parameters");
        Assert.True(architecture == "efficientnet-b0" ? count == NetworkFactory.MultiplyAdds(b0) : count > NetworkFactory.MultiplyAdds(b0));
    }
}
