using EmoTune.Core.ModelSpec;
using EmoTune.Training.Data;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using EmoTune.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Training.Evaluation;

/// <summary>Opens a model for evaluation: an exported <c>.onnx</c> (ONNX Runtime) or a training run's <c>.weights</c> (TorchSharp).</summary>
public static class ModelLoader
{
    /// <summary>Opens <paramref name="path"/>; dispose the result.</summary>
    /// <exception cref="FileNotFoundException">The file (or a run's spec.json) is missing.</exception>
    public static IBatchClassifierHandle Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: model file not found.", path);
        }

        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var onnx = new OnnxClassifier(path);
            return new Handle(onnx, onnx, null);
        }

        var (network, spec) = LoadNetwork(path);
        return new Handle(new TorchClassifier(network, spec), null, network);
    }

    /// <summary>
    /// Opens <paramref name="paths"/> as one classifier: the model itself when there is one, else an
    /// <see cref="EnsembleClassifier"/> of them. Disposing the result disposes every model; if one fails to open, those
    /// opened before it are disposed.
    /// </summary>
    public static IBatchClassifierHandle Open(IReadOnlyList<string> paths)
    {
        if (paths.Count == 1)
        {
            return Open(paths[0]);
        }

        var handles = new List<IBatchClassifierHandle>();
        try
        {
            foreach (var path in paths)
            {
                handles.Add(Open(path));
            }

            return new EnsembleHandle(new EnsembleClassifier(handles), handles);
        }
        catch
        {
            handles.ForEach(h => h.Dispose());
            throw;
        }
    }

    /// <summary>
    /// Loads a network from a run's weights file, or from a float ONNX export (vgg or EfficientNet) whose batch norms are
    /// rebuilt on images of <paramref name="train"/> (called only then; see <see cref="OnnxWeightImporter"/>).
    /// </summary>
    public static (nn.Module<Tensor, Tensor> Network, EmotionModelSpec Spec) LoadNetwork(string path, Func<FaceDataset>? train)
    {
        if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            return LoadNetwork(path);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: model file not found.", path);
        }

        if (train is null)
        {
            throw new ArgumentException($"{path}: taking weights from an ONNX file needs training images (--data) to rebuild its batch norms.");
        }

        var spec = EmotionModelSpec.FromModel(OnnxModelReader.Read(path).Metadata, path);
        var network = NetworkFactory.Create(spec.Architecture);
        try
        {
            Trainer.Initialize(network, path, train(), spec, seed: 2026);
            network.eval();
            return (network, spec);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Loads a network from a run's weights file, using the run's <c>spec.json</c> for its architecture.</summary>
    public static (nn.Module<Tensor, Tensor> Network, EmotionModelSpec Spec) LoadNetwork(string weightsPath)
    {
        if (!File.Exists(weightsPath))
        {
            throw new FileNotFoundException($"{weightsPath}: weights file not found.", weightsPath);
        }

        var run = TrainingRun.FromPath(weightsPath);
        var specPath = Path.Combine(run.Directory, "spec.json");
        if (!File.Exists(specPath))
        {
            throw new FileNotFoundException($"{specPath}: a run's spec.json is needed beside {Path.GetFileName(weightsPath)} to know its architecture and preprocessing.", specPath);
        }

        var spec = EmotionModelSpec.FromJson(File.ReadAllText(specPath), specPath);
        var network = NetworkFactory.Create(spec.Architecture);
        try
        {
            network.load(weightsPath);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            network.Dispose();
            throw new InvalidDataException($"{weightsPath}: not {spec.Architecture} weights: {ex.Message}", ex);
        }

        network.eval();
        return (network, spec);
    }

    private sealed class EnsembleHandle(EnsembleClassifier ensemble, List<IBatchClassifierHandle> members) : IBatchClassifierHandle
    {
        public EmotionModelSpec Spec => ensemble.Spec;

        public float[] Logits(ReadOnlySpan<float> batch, int count) => ensemble.Logits(batch, count);

        public void Dispose() => members.ForEach(m => m.Dispose());
    }

    private sealed class Handle(IBatchClassifier classifier, IDisposable? onnx, IDisposable? network) : IBatchClassifierHandle
    {
        public EmotionModelSpec Spec => classifier.Spec;

        public float[] Logits(ReadOnlySpan<float> batch, int count) => classifier.Logits(batch, count);

        public void Dispose()
        {
            onnx?.Dispose();
            network?.Dispose();
        }
    }
}
