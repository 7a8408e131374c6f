using System.CommandLine;

namespace EmoTune.Cli.Commands;

/// <summary>Options several verbs share, defined once.</summary>
internal static class CliOptions
{
    public static Option<string> Data(string description = "FER2013 as fer2013.csv or a folder with train/ and test/ (<split>/<class>/*.jpg)") =>
        new("--data") { Description = description, Required = true };

    public static Option<string> Model(bool required = true) =>
        new("--model") { Description = "Model file: .onnx (with its .onnx.json spec) or a training run's .weights", Required = required };

    public static Option<string?> Json() => new("--json") { Description = "Also write the result as JSON to this file" };
}
