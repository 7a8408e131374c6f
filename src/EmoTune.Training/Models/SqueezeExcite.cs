using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Models;

/// <summary>Squeeze-and-excitation (Hu et al. 2018): channel gates from globally pooled features.</summary>
public sealed class SqueezeExcite : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Conv2d reduce;
    private readonly TorchSharp.Modules.Conv2d expand;

    /// <summary>Creates the gate for <paramref name="channels"/> channels squeezed to <paramref name="squeezed"/>.</summary>
    public SqueezeExcite(long channels, long squeezed)
        : base(nameof(SqueezeExcite))
    {
        reduce = nn.Conv2d(channels, squeezed, 1);
        expand = nn.Conv2d(squeezed, channels, 1);
        RegisterComponents();
    }

    /// <summary>The 1×1 squeeze convolution (with bias).</summary>
    public TorchSharp.Modules.Conv2d Reduce => reduce;

    /// <summary>The 1×1 excitation convolution (with bias).</summary>
    public TorchSharp.Modules.Conv2d Expand => expand;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var s = nn.functional.adaptive_avg_pool2d(input, 1);
        s = nn.functional.silu(reduce.call(s));
        s = nn.functional.sigmoid(expand.call(s));
        return input * s;
    }
}
