namespace EmoTune.Vision.Inference;

/// <summary>Opens an emotion model the way the app, <c>predict</c> and the benchmarks all run it.</summary>
public static class EmotionClassifiers
{
    /// <summary>
    /// The ONNX model at <paramref name="modelPath"/>, wrapped in a <see cref="MirrorAveragingClassifier"/> when
    /// <paramref name="mirrorAverage"/>. Dispose the result to release the ONNX session.
    /// </summary>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not a usable EmoTune model.</exception>
    public static IEmotionClassifier Open(string modelPath, bool mirrorAverage, int threads = 0)
    {
        var onnx = new OnnxEmotionClassifier(modelPath, threads);
        return mirrorAverage ? new MirrorAveragingClassifier(onnx) : onnx;
    }
}
