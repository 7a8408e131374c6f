namespace EmoTune.Training.Models;

/// <summary>What every EmoTune network tells the trainer, the exporter and the model card.</summary>
public interface IEmotionNetwork
{
    /// <summary>Architecture name as accepted by <see cref="NetworkFactory.Create"/>.</summary>
    string ArchitectureName { get; }

    /// <summary>Input side in pixels (square, grey).</summary>
    int InputSize { get; }
}
