namespace EmoTune.Training.Models;

/// <summary>Activation after a convolution block.</summary>
public enum Activation
{
    /// <summary>Identity.</summary>
    None,

    /// <summary>max(0, x).</summary>
    ReLU,

    /// <summary>x · sigmoid(x) (Swish), as in EfficientNet.</summary>
    SiLU,
}
