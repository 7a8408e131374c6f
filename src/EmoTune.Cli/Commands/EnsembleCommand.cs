using System.CommandLine;
using System.Globalization;
using EmoTune.Training.Evaluation;
using EmoTune.Training.Onnx;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune ensemble</c>: several ONNX exports joined into one file that outputs their mean probability.</summary>
internal static class EnsembleCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--models")
        {
            Description = "Two or more EmoTune ONNX exports (float or int8, any architecture) that expect the same preprocessing",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out") { Description = "ONNX file to write (its spec goes beside it as .onnx.json)", Required = true };
        var command = new Command("ensemble", "Join ONNX exports into one model file whose output is the log of their mean probability (any EmoTune runner uses it as it is)") { models, output };
        command.SetAction((parse, ct) => CommandRunner.Run(
            c =>
            {
                var paths = parse.GetValue(models)!;
                var path = parse.GetValue(output)!;
                if (paths.Any(p => Path.GetFullPath(p) == Path.GetFullPath(path)))
                {
                    throw new ArgumentException($"--out {path} is one of the --models; write the ensemble to a new file.");
                }

                var spec = OnnxEnsemble.Write(paths, path);
                Console.WriteLine($"wrote {path} ({new FileInfo(path).Length / 1024:N0} KiB, {spec.Architecture}) and {Path.GetFileName(path)}.json");

                // Check the file against its members on random faces: its logits must be the log of their mean probability.
                const int count = 16;
                var difference = 0.0;
                using (var members = ModelLoader.Open(paths))
                using (var joined = ModelLoader.Open(path))
                {
                    var random = new Random(2026);
                    var batch = new float[count * spec.InputWidth * spec.InputHeight];
                    for (var i = 0; i < batch.Length; i++)
                    {
                        batch[i] = (float)((random.NextDouble() - spec.Mean) / spec.Std);
                    }

                    difference = OnnxParity.MaxAbsDifference(members, joined, batch, count);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"check on {count} random faces: largest log-probability difference from the members' mean {difference:G3}"));
                if (!(difference <= OnnxParity.Tolerance))
                {
                    File.Delete(path);
                    File.Delete(path + ".json");
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: the joined file differs from its members' mean by {difference:G3}; it is not a faithful ensemble, so it was deleted."));
                }

                return CommandRunner.Ok;
            },
            ct));
        return command;
    }
}
