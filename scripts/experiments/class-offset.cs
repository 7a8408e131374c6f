#:project ../../src/EmoTune.Training/EmoTune.Training.csproj
#:property JsonSerializerIsReflectionEnabledByDefault=true
#:property PublishAot=false
// What a constant added to one class's logit (a post-hoc prior shift) does to accuracy, macro-F1 and that class's recall,
// single pass. A measurement for the team (issue 24, fear recall), not something the app applies.
//
//   dotnet run scripts/experiments/class-offset.cs -- MODEL.onnx [DATA_SPLIT_FOLDER] [CLASS_INDEX]
//
// DATA_SPLIT_FOLDER defaults to ../shared/datasets/fer2013/test, CLASS_INDEX to 2 (fear, in FER2013's order).
using System.Globalization;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;

if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: dotnet run scripts/experiments/class-offset.cs -- MODEL.onnx [DATA_SPLIT_FOLDER] [CLASS_INDEX]");
    return 2;
}

var folder = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "datasets", "fer2013", "test");
var target = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
if (!Directory.Exists(folder))
{
    Console.Error.WriteLine($"class-offset: no folder {Path.GetFullPath(folder)} (a split folder: <class>/*.jpg)");
    return 2;
}

var data = ImageFolderLoader.Load(folder);
using var model = ModelLoader.Open(args[0]);
var logits = DatasetPredictor.Logits(model, data, [TestTimeView.Identity])[0];
var labels = DatasetPredictor.Labels(data);
const int k = 7;
Console.WriteLine($"{args[0]} on {labels.Length} images of {folder}; offset added to class {target}'s logit");
foreach (var offset in new[] { 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8 })
{
    var confusion = new int[k, k];
    for (var i = 0; i < labels.Length; i++)
    {
        var best = 0;
        for (var c = 1; c < k; c++)
        {
            if (logits[(i * k) + c] + (c == target ? offset : 0) > logits[(i * k) + best] + (best == target ? offset : 0))
            {
                best = c;
            }
        }

        confusion[labels[i], best]++;
    }

    double correct = 0, f1 = 0;
    for (var c = 0; c < k; c++)
    {
        double row = 0, column = 0;
        for (var j = 0; j < k; j++)
        {
            row += confusion[c, j];
            column += confusion[j, c];
        }

        correct += confusion[c, c];
        var precision = column > 0 ? confusion[c, c] / column : 0;
        var recall = row > 0 ? confusion[c, c] / row : 0;
        f1 += precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    }

    double targetRow = 0;
    for (var j = 0; j < k; j++)
    {
        targetRow += confusion[target, j];
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"offset {offset:F1}: accuracy {100 * correct / labels.Length:F2} %  macro-F1 {f1 / k:F4}  class {target} recall {100 * confusion[target, target] / targetRow:F1} %"));
}

return 0;
