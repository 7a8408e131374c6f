using EmoTune.Core.ModelSpec;

namespace EmoTune.Training.Evaluation;

/// <summary>A model that turns a batch of preprocessed images into logits: a TorchSharp network or an ONNX file.</summary>
public interface IBatchClassifier
{
    /// <summary>The preprocessing the model expects.</summary>
    EmotionModelSpec Spec { get; }

    /// <summary>Logits (<paramref name="count"/> × 7, row-major) for <paramref name="count"/> images in <paramref name="batch"/>.</summary>
    float[] Logits(ReadOnlySpan<float> batch, int count);
}
