using System.CommandLine;
using System.Globalization;
using EmoTune.Core;
using EmoTune.Core.ModelSpec;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Models;
using EmoTune.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune average</c>: one network whose weights are the mean of several of one run's history (SWA, model soup).</summary>
internal static class AverageCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--models")
        {
            Description = "Two or more networks of one architecture to average: runs' .weights files (spec.json beside them) or float ONNX exports (vgg family)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var data = CliOptions.Data("FER2013 folder or CSV whose train/ split measures the batch-norm statistics afresh");
        var output = new Option<string>("--out") { Description = "Folder to write averaged.weights and spec.json into (a run-like folder: evaluate and export open it)", Required = true };
        var images = new Option<int>("--images") { Description = "Training images that measure the batch-norm statistics", DefaultValueFactory = _ => 8192 };
        var augment = new Option<bool>("--augment") { Description = "Measure them on augmented images, as training does (default: evaluation preprocessing)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the image order (and augmentation)", DefaultValueFactory = _ => 42 };
        var command = new Command("average", "Average the weights of networks from one training history (SWA / model soup) and re-measure batch norms") { models, data, output, images, augment, seed };
        command.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var paths = parse.GetValue(models)!;
                if (paths.Length < 2)
                {
                    throw new ArgumentException($"--models needs at least two networks to average, got {paths.Length}.");
                }

                foreach (var p in paths.Where(p => !File.Exists(p)))
                {
                    throw new FileNotFoundException($"{p}: model file not found.", p);
                }

                var count = parse.GetValue(images);
                if (count < 2)
                {
                    throw new ArgumentException($"--images must be at least 2, got {count}.");
                }

                var train = TrainCommand.Load(parse.GetValue(data)!, "train", c);
                var networks = new List<nn.Module<Tensor, Tensor>>();
                try
                {
                    EmotionModelSpec? spec = null;
                    foreach (var path in paths)
                    {
                        var (network, pathSpec) = ModelLoader.LoadNetwork(path, () => train);
                        networks.Add(network);
                        if (spec is not null && spec.ToJson() != pathSpec.ToJson())
                        {
                            throw new ArgumentException($"{path} has another architecture or preprocessing than {paths[0]}; only networks of one kind can be averaged.");
                        }

                        spec ??= pathSpec;
                    }

                    using var averaged = NetworkFactory.Create(spec!.Architecture);
                    WeightAveraging.AverageParameters(averaged, networks);
                    using var bar = new ConsoleProgressBar("batch norms");
                    var layers = WeightAveraging.RecalibrateBatchNorm(
                        averaged, train, spec, count, 64, parse.GetValue(augment) ? new Augmenter(new AugmentationOptions()) : null, parse.GetValue(seed),
                        new SynchronousProgress<int>(n => bar.Update((double)n / Math.Min(count, train.Count), $"{n} images")), c);
                    bar.Dispose();
                    var folder = parse.GetValue(output)!;
                    Directory.CreateDirectory(folder);
                    var specPath = Path.Combine(folder, "spec.json");
                    if (File.Exists(specPath) && File.ReadAllText(specPath).Trim() != spec.ToJson().Trim())
                    {
                        throw new ArgumentException($"{specPath} already describes another model; choose an empty --out folder.");
                    }

                    var weights = Path.Combine(folder, "averaged.weights");
                    averaged.save(weights);
                    File.WriteAllText(specPath, spec.ToJson());
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"averaged {paths.Length} networks; {layers} batch norms measured on {Math.Min(count, train.Count)} training images; wrote {weights}"));
                    return CommandRunner.Ok;
                }
                finally
                {
                    foreach (var n in networks)
                    {
                        n.Dispose();
                    }
                }
            },
            ct));
        return command;
    }
}
