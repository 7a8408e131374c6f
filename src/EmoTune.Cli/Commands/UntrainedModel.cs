using EmoTune.Core.ModelSpec;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using TorchSharp;

namespace EmoTune.Cli.Commands;

/// <summary>
/// An untrained network of a named architecture, exported (float, or int8 the way <c>export --int8</c> quantises)
/// to a temporary folder that disposing deletes. Its outputs mean nothing; <c>bench model --arch</c> uses it to time
/// a layout before spending hours training it.
/// </summary>
internal sealed class UntrainedModel : IDisposable
{
    private const int CalibrationCount = 64;
    private readonly string _directory;

    private UntrainedModel(string directory, string path, long parameters, long multiplyAdds)
    {
        _directory = directory;
        Path = path;
        Parameters = parameters;
        MultiplyAdds = multiplyAdds;
    }

    /// <summary>The exported ONNX file (its spec JSON beside it).</summary>
    public string Path { get; }

    /// <summary>Trainable parameters of the network.</summary>
    public long Parameters { get; }

    /// <summary>Multiply-adds of one face (<see cref="NetworkFactory.MultiplyAdds"/>).</summary>
    public long MultiplyAdds { get; }

    /// <summary>Creates <paramref name="architecture"/> with seeded weights and exports it.</summary>
    /// <exception cref="ArgumentException">Unknown architecture, or <paramref name="int8"/> for a network outside the vgg family.</exception>
    public static UntrainedModel Write(string architecture, bool int8)
    {
        torch.manual_seed(1);
        using var network = NetworkFactory.Create(architecture);
        network.eval();
        if (int8 && network is not VggNet)
        {
            throw new ArgumentException($"--int8 supports the vgg family; '{architecture}' is not one.");
        }

        var directory = Directory.CreateTempSubdirectory("emotune-bench-arch-").FullName;
        try
        {
            var path = System.IO.Path.Combine(directory, architecture + ".onnx");
            var spec = new EmotionModelSpec { Architecture = architecture };
            if (network is VggNet vgg && int8)
            {
                // Random inputs in the normalised range calibrate the activation ranges; the timing does not depend on them.
                var rng = new Random(1);
                var batch = new float[CalibrationCount * spec.InputWidth * spec.InputHeight];
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = (float)((rng.NextDouble() * 4) - 2);
                }

                OnnxInt8Exporter.Export(vgg, spec, Int8Calibration.Measure(vgg, batch, CalibrationCount), path);
            }
            else
            {
                OnnxExporter.Export(network, spec, path);
            }

            return new UntrainedModel(directory, path, NetworkFactory.ParameterCount(network), NetworkFactory.MultiplyAdds(network, spec.InputWidth));
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Deletes the temporary folder.</summary>
    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
