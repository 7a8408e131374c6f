using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Models;

/// <summary>
/// Mobile inverted bottleneck (MobileNetV2/EfficientNet): 1×1 expansion, k×k depthwise conv, squeeze-and-excitation,
/// 1×1 linear projection, and a residual connection with stochastic depth when shapes allow.
/// </summary>
public sealed class MBConv : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct? expand;
    private readonly ConvBnAct depthwise;
    private readonly SqueezeExcite se;
    private readonly ConvBnAct project;

    /// <summary>Creates the block.</summary>
    public MBConv(long inChannels, long outChannels, int kernel, int stride, int expandRatio, double dropPath)
        : base(nameof(MBConv))
    {
        var mid = inChannels * expandRatio;
        if (expandRatio != 1)
        {
            expand = new ConvBnAct(inChannels, mid, 1, activation: Activation.SiLU);
        }

        depthwise = new ConvBnAct(mid, mid, kernel, stride, groups: mid, activation: Activation.SiLU);
        se = new SqueezeExcite(mid, Math.Max(1, inChannels / 4));
        project = new ConvBnAct(mid, outChannels, 1, activation: Activation.None);
        HasResidual = stride == 1 && inChannels == outChannels;
        DropPath = dropPath;
        RegisterComponents();
    }

    /// <summary>Whether the input is added to the output.</summary>
    public bool HasResidual { get; }

    /// <summary>Probability of skipping the block's branch in training.</summary>
    public double DropPath { get; }

    /// <summary>The expansion conv, absent when the ratio is 1.</summary>
    public ConvBnAct? Expansion => expand;

    /// <summary>The depthwise conv.</summary>
    public ConvBnAct Depthwise => depthwise;

    /// <summary>The squeeze-and-excitation gate.</summary>
    public SqueezeExcite Gate => se;

    /// <summary>The linear projection.</summary>
    public ConvBnAct Projection => project;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = expand is null ? input : expand.call(input);
        x = project.call(se.call(depthwise.call(x)));
        if (!HasResidual)
        {
            return x;
        }

        if (training && DropPath > 0)
        {
            var keep = 1 - DropPath;
            var mask = torch.empty(x.shape[0], 1, 1, 1, dtype: x.dtype).bernoulli_(keep);
            x = x * mask / keep;
        }

        return x + input;
    }
}
