using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Models;

/// <summary>Convolution (no bias) → batch norm → activation; the building block of every EmoTune network.</summary>
public sealed class ConvBnAct : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Conv2d conv;
    private readonly TorchSharp.Modules.BatchNorm2d bn;

    /// <summary>Creates the block; padding keeps the size at stride 1 ("same").</summary>
    public ConvBnAct(long inChannels, long outChannels, int kernel = 3, int stride = 1, long groups = 1, Activation activation = Activation.ReLU)
        : base(nameof(ConvBnAct))
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Groups = groups;
        Activation = activation;
        conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: kernel / 2, groups: groups, bias: false);
        bn = nn.BatchNorm2d(outChannels, eps: BatchNormEpsilon, momentum: 0.1);
        RegisterComponents();
    }

    /// <summary>Batch-norm epsilon, also written into the ONNX graph.</summary>
    public const double BatchNormEpsilon = 1e-5;

    /// <summary>Input channels.</summary>
    public long InChannels { get; }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>Square kernel side.</summary>
    public int Kernel { get; }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Convolution groups (= channels for depthwise).</summary>
    public long Groups { get; }

    /// <summary>Activation after batch norm.</summary>
    public Activation Activation { get; }

    /// <summary>The convolution.</summary>
    public TorchSharp.Modules.Conv2d Conv => conv;

    /// <summary>The batch norm.</summary>
    public TorchSharp.Modules.BatchNorm2d Norm => bn;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var y = bn.call(conv.call(input));
        return Activation switch
        {
            Activation.ReLU => nn.functional.relu(y),
            Activation.SiLU => nn.functional.silu(y),
            _ => y,
        };
    }
}
