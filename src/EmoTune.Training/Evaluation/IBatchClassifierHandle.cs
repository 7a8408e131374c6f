namespace EmoTune.Training.Evaluation;

/// <summary>A classifier that owns native resources (an ONNX session or a network).</summary>
public interface IBatchClassifierHandle : IBatchClassifier, IDisposable;
