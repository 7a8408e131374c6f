#:project ../../src/EmoTune.Training/EmoTune.Training.csproj
#:property JsonSerializerIsReflectionEnabledByDefault=true
#:property PublishAot=false
// What per-image standardisation at test time does to a model trained without it: each evaluation image (clean or
// perturbed) is moved to the training images' typical brightness and contrast (its own mean and standard deviation
// replaced by the mean of the training images' means and the median of their standard deviations, rounded and clipped
// to grey levels) before the model's usual preprocessing. A measurement for the team (issue 24, robustness), not
// something the app applies.
//
//   dotnet run scripts/experiments/standardise.cs -- MODEL [DATASET_ROOT]
//
// MODEL is an .onnx export or a run's .weights; DATASET_ROOT (default ../shared/datasets/fer2013) holds train/ (for the
// target statistics only) and test/ (evaluated, single pass, clean and under every `evaluate --perturb` perturbation).
using System.Globalization;
using EmoTune.Training.Data;
using EmoTune.Training.Evaluation;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: dotnet run scripts/experiments/standardise.cs -- MODEL [DATASET_ROOT]");
    return 2;
}

var root = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "datasets", "fer2013");
if (!Directory.Exists(Path.Combine(root, "train")) || !Directory.Exists(Path.Combine(root, "test")))
{
    Console.Error.WriteLine($"standardise: {Path.GetFullPath(root)} needs train/ and test/ split folders (<class>/*.jpg)");
    return 2;
}

using var model = ModelLoader.Open(args[0]);
var train = ImageFolderLoader.Load(Path.Combine(root, "train"));
var test = ImageFolderLoader.Load(Path.Combine(root, "test"));
var deviations = new double[train.Count];
double meanOfMeans = 0;
for (var i = 0; i < train.Count; i++)
{
    (var mean, deviations[i]) = Statistics(train.Image(i));
    meanOfMeans += mean / train.Count;
}

Array.Sort(deviations);
var targetDeviation = deviations[deviations.Length / 2];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[0]}: target mean {meanOfMeans:F1}, standard deviation {targetDeviation:F1} grey levels (from {train.Count} training images); {test.Count} test images, single pass"));
Console.WriteLine("perturbation   plain accuracy  ECE     standardised accuracy  ECE");
foreach (var name in Perturbation.Names.Prepend("clean"))
{
    var data = name == "clean" ? test : Perturbation.Apply(test, name);
    var plain = DatasetPredictor.Evaluate(model, data, [TestTimeView.Identity]);
    var standardised = DatasetPredictor.Evaluate(model, Standardise(data), [TestTimeView.Identity]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-14} {100 * plain.Accuracy,13:F2} %  {plain.Ece:F4}  {100 * standardised.Accuracy,19:F2} %  {standardised.Ece:F4}"));
}

return 0;

(double Mean, double Deviation) Statistics(ReadOnlySpan<byte> image)
{
    double sum = 0, squares = 0;
    foreach (var p in image)
    {
        sum += p;
        squares += p * p;
    }

    var mean = sum / image.Length;
    return (mean, Math.Sqrt(Math.Max((squares / image.Length) - (mean * mean), 0)));
}

FaceDataset Standardise(FaceDataset data)
{
    var size = data.ImageSize;
    var pixels = new byte[data.Pixels.Length];
    for (var i = 0; i < data.Count; i++)
    {
        var (mean, deviation) = Statistics(data.Image(i));
        var scale = targetDeviation / Math.Max(deviation, 4); // a flat image is not blown up into noise
        for (var j = 0; j < size; j++)
        {
            pixels[(i * size) + j] = (byte)Math.Clamp(Math.Round(((data.Pixels[(i * size) + j] - mean) * scale) + meanOfMeans), 0, 255);
        }
    }

    return new FaceDataset(data.Name + " (standardised)", data.Width, data.Height, pixels, data.Labels, data.Sources);
}
