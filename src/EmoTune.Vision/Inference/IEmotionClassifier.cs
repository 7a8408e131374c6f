using EmoTune.Core.Emotions;
using EmoTune.Core.ModelSpec;

namespace EmoTune.Vision.Inference;

/// <summary>Turns preprocessed face images into emotion probabilities.</summary>
public interface IEmotionClassifier
{
    /// <summary>The preprocessing the model expects; inputs must come from a <see cref="Preprocessor"/> with this spec.</summary>
    EmotionModelSpec Spec { get; }

    /// <summary>
    /// Classifies <paramref name="count"/> faces in one model run. <paramref name="inputs"/> holds them back to back, each
    /// <see cref="EmotionModelSpec.InputWidth"/> × <see cref="EmotionModelSpec.InputHeight"/> floats from the
    /// <see cref="Preprocessor"/>; it is read, not changed. Returns one result per face, in input order. Safe to call from
    /// several threads at once.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is shorter than <paramref name="count"/> images.</exception>
    EmotionScores[] Classify(Memory<float> inputs, int count);
}
