using EmoTune.Core.Emotions;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Models;

/// <summary>
/// EfficientNet (Tan &amp; Le 2019) adapted to 48×48 grey faces: the B0 stage table with compound width/depth scaling,
/// a stride-1 stem (the original's stride-2 stem and 224-pixel input would leave a 2×2 map), SE in every MBConv,
/// stochastic depth, and a 1×1 head before global pooling. Trained from scratch: no ImageNet weights can be had here.
/// </summary>
public sealed class EfficientNet : nn.Module<Tensor, Tensor>, IEmotionNetwork
{
    // (expand ratio, kernel, stride, output channels, repeats) — EfficientNet-B0, Table 1 of the paper.
    private static readonly (int Expand, int Kernel, int Stride, int Channels, int Repeats)[] B0Stages =
    [
        (1, 3, 1, 16, 1),
        (6, 3, 2, 24, 2),
        (6, 5, 2, 40, 2),
        (6, 3, 2, 80, 3),
        (6, 5, 1, 112, 3),
        (6, 5, 2, 192, 4),
        (6, 3, 1, 320, 1),
    ];

    private readonly ConvBnAct stem;
    private readonly TorchSharp.Modules.ModuleList<MBConv> blocks;
    private readonly ConvBnAct head;
    private readonly TorchSharp.Modules.Dropout dropout;
    private readonly TorchSharp.Modules.Linear fc;

    /// <summary>Creates a scaled EfficientNet.</summary>
    /// <param name="architectureName">Name recorded in the spec.</param>
    /// <param name="widthMultiplier">Channel multiplier (B0 1.0, B3 1.2).</param>
    /// <param name="depthMultiplier">Repeat multiplier (B0 1.0, B3 1.4).</param>
    /// <param name="dropout">Dropout before the classifier (B0 0.2, B3 0.3).</param>
    /// <param name="dropPath">Largest stochastic-depth rate, reached by the last block.</param>
    /// <param name="inputSize">Input side.</param>
    public EfficientNet(string architectureName, double widthMultiplier, double depthMultiplier, double dropout, double dropPath = 0.2, int inputSize = 48)
        : base(nameof(EfficientNet))
    {
        ConvolutionSelfCheck.Ensure();
        ArchitectureName = architectureName;
        InputSize = inputSize;
        var stemChannels = RoundFilters(32, widthMultiplier);
        stem = new ConvBnAct(1, stemChannels, 3, 1, activation: Activation.SiLU);
        var list = new List<MBConv>();
        var total = B0Stages.Sum(s => RoundRepeats(s.Repeats, depthMultiplier));
        long inChannels = stemChannels;
        foreach (var (expandRatio, kernel, stride, channels, repeats) in B0Stages)
        {
            var outChannels = RoundFilters(channels, widthMultiplier);
            for (var r = 0; r < RoundRepeats(repeats, depthMultiplier); r++)
            {
                list.Add(new MBConv(inChannels, outChannels, kernel, r == 0 ? stride : 1, expandRatio, dropPath * list.Count / total));
                inChannels = outChannels;
            }
        }

        blocks = nn.ModuleList(list.ToArray());
        var headChannels = RoundFilters(1280, widthMultiplier);
        head = new ConvBnAct(inChannels, headChannels, 1, activation: Activation.SiLU);
        this.dropout = nn.Dropout(dropout);
        fc = nn.Linear(headChannels, EmotionLabels.Count);
        RegisterComponents();
    }

    /// <inheritdoc />
    public string ArchitectureName { get; }

    /// <inheritdoc />
    public int InputSize { get; }

    /// <summary>The stem conv.</summary>
    public ConvBnAct Stem => stem;

    /// <summary>The MBConv blocks in order.</summary>
    public IReadOnlyList<MBConv> Blocks => [.. blocks];

    /// <summary>The 1×1 head conv.</summary>
    public ConvBnAct Head => head;

    /// <summary>The classifier.</summary>
    public TorchSharp.Modules.Linear Output => fc;

    /// <summary>Channels scaled by <paramref name="multiplier"/>, rounded to a multiple of 8 (never down by more than 10%).</summary>
    public static int RoundFilters(int channels, double multiplier)
    {
        const int divisor = 8;
        var scaled = channels * multiplier;
        var rounded = Math.Max(divisor, (int)(scaled + (divisor / 2.0)) / divisor * divisor);
        return rounded < 0.9 * scaled ? rounded + divisor : rounded;
    }

    /// <summary>Repeats scaled by <paramref name="multiplier"/>, rounded up.</summary>
    public static int RoundRepeats(int repeats, double multiplier) => (int)Math.Ceiling(repeats * multiplier);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = stem.call(input);
        foreach (var block in blocks)
        {
            x = block.call(x);
        }

        x = head.call(x);
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return fc.call(dropout.call(x));
    }
}
