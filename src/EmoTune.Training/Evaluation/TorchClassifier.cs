using EmoTune.Core.ModelSpec;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Evaluation;

/// <summary>Runs a TorchSharp network in eval mode without gradients.</summary>
public sealed class TorchClassifier(nn.Module<Tensor, Tensor> model, EmotionModelSpec spec) : IBatchClassifier
{
    /// <inheritdoc />
    public EmotionModelSpec Spec { get; } = spec;

    /// <inheritdoc />
    public float[] Logits(ReadOnlySpan<float> batch, int count)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var input = torch.tensor(batch[..(count * Spec.InputWidth * Spec.InputHeight)].ToArray(), [count, 1, Spec.InputHeight, Spec.InputWidth]);
        return model.forward(input).contiguous().data<float>().ToArray();
    }
}
