using System.CommandLine;
using System.Globalization;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Onnx;
using TorchSharp;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune export</c>: writes a run's weights as ONNX (+ spec JSON) and checks parity with TorchSharp.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A training run's weights (e.g. runs/vgg/best.weights; spec.json must be beside it)", Required = true };
        var output = new Option<string>("--out") { Description = "ONNX file to write (its spec goes to <out>.json)", Required = true };
        var command = new Command("export", "Export trained weights to ONNX and verify ONNX Runtime matches TorchSharp") { model, output };
        command.SetAction((parse, ct) => CommandRunner.Run(
            _ =>
            {
                var (network, spec) = ModelLoader.LoadNetwork(parse.GetValue(model)!);
                using (network)
                {
                    var path = parse.GetValue(output)!;
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
}
