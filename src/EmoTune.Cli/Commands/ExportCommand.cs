using System.CommandLine;
using System.Globalization;
using EmoTune.Core.ModelSpec;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using TorchSharp;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune export</c>: writes a run's weights as ONNX (+ spec JSON) and checks parity with TorchSharp.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A training run's weights (e.g. runs/vgg/best.weights; spec.json must be beside it), or a float ONNX export of a vgg network (with --data, whose train/ split rebuilds its batch norms), e.g. to re-quantise it with --int8", Required = true };
        var output = new Option<string>("--out") { Description = "ONNX file to write (its spec goes to <out>.json)", Required = true };
        var int8 = new Option<bool>("--int8") { Description = "Write an int8 (QDQ) model instead, calibrated on training faces from --data (vgg family only)" };
        var data = new Option<string?>("--data") { Description = "FER2013 folder or CSV whose train/ split calibrates the int8 activation ranges (needed with --int8)" };
        var calibrationCount = new Option<int>("--calibration-count") { Description = "Training faces used for calibration (and as many others for the agreement check)", DefaultValueFactory = _ => 1024 };
        var quantizeFirst = new Option<bool>("--int8-first-layer") { Description = "With --int8, quantise the first convolution too (by default it stays float: one input channel, which integer kernels handle badly, most of all in the browser)" };
        var command = new Command("export", "Export trained weights to ONNX and verify ONNX Runtime matches TorchSharp") { model, output, int8, data, calibrationCount, quantizeFirst };
        command.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var dataPath = parse.GetValue(data);
                var (network, spec) = ModelLoader.LoadNetwork(parse.GetValue(model)!, dataPath is null ? null : () => TrainCommand.Load(dataPath, "train", c));
                using (network)
                {
                    var path = parse.GetValue(output)!;
                    if (parse.GetValue(int8))
                    {
                        return ExportInt8(network, spec, path, parse.GetValue(data), parse.GetValue(calibrationCount), !parse.GetValue(quantizeFirst), c);
                    }

                    OnnxExporter.Export(network, spec, path);
                    var diff = OnnxParity.MaxAbsDifference(network, path, seed: 1, count: 16);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({new FileInfo(path).Length / 1024.0:F0} KiB) and {path}.json; max |logit difference| ONNX Runtime vs TorchSharp on 16 random inputs: {diff:E2}"));
                    if (diff > OnnxParity.Tolerance)
                    {
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"emotune: error: parity {diff:E2} exceeds {OnnxParity.Tolerance:E0}; the export is wrong."));
                        return CommandRunner.UserError;
                    }
                }

                return CommandRunner.Ok;
            },
            ct));
        return command;
    }

    /// <summary>Smallest share of faces on which the int8 model must pick the same emotion as the float network.</summary>
    internal const double MinimumInt8Agreement = 0.97;

    private static int ExportInt8(TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> network, EmotionModelSpec spec, string path, string? data, int count, bool floatFirstLayer, CancellationToken ct)
    {
        if (network is not VggNet vgg)
        {
            throw new ArgumentException($"--int8 supports the vgg family; this model is '{spec.Architecture}'.");
        }

        if (data is null)
        {
            throw new ArgumentException("--int8 needs --data: a FER2013 folder or CSV whose train/ split calibrates the activation ranges.");
        }

        if (count < 16)
        {
            throw new ArgumentException($"--calibration-count must be at least 16, got {count}.");
        }

        var train = TrainCommand.Load(data, "train", ct);
        var order = Enumerable.Range(0, train.Count).ToArray();
        new Random(2026).Shuffle(order);
        count = Math.Min(count, train.Count / 2);
        var builder = new BatchBuilder(train, spec);
        var calibrationBatch = new float[count * (spec.InputWidth * spec.InputHeight)];
        builder.Evaluation(order.AsSpan(0, count), calibrationBatch);
        var calibration = Int8Calibration.Measure(vgg, calibrationBatch, count);
        OnnxInt8Exporter.Export(vgg, spec, calibration, path, floatFirstLayer);

        // Check on other training faces than the calibration ones: the int8 model must agree with the float network.
        var checkBatch = new float[count * (spec.InputWidth * spec.InputHeight)];
        builder.Evaluation(order.AsSpan(count, count), checkBatch);
        using var onnx = new OnnxClassifier(path);
        var (agreement, maxProbability) = OnnxParity.Agreement(new TorchClassifier(network, spec), onnx, checkBatch, count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({new FileInfo(path).Length / 1024.0:F0} KiB, int8, calibrated on {count} training faces) and {path}.json; on {count} other training faces it picks the float network's emotion for {agreement:P2} (max |probability difference| {maxProbability:F3})"));
        if (agreement < MinimumInt8Agreement)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"emotune: error: int8 agreement {agreement:P2} is below {MinimumInt8Agreement:P0}; keep the float export."));
            return CommandRunner.UserError;
        }

        return CommandRunner.Ok;
    }
}
