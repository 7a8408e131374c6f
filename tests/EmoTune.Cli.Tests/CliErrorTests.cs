namespace EmoTune.Cli.Tests;

public sealed class CliErrorTests
{
    [Theory]
    [InlineData("evaluate", "--model", "/nonexistent/model.onnx", "--data", "{data}")]
    [InlineData("export", "--model", "/nonexistent/run/best.weights", "--out", "/tmp/x.onnx")]
    [InlineData("export", "--model", "/nonexistent/model-fp32.onnx", "--out", "/tmp/x.onnx")]
    public async Task Verb_MissingModelFile_ExitsNonZeroNamingThePath(params string[] args)
    {
        using var data = FixtureFolder.Create();
        var result = await EmoTuneProcess.RunAsync(args.Select(a => a.Replace("{data}", data.Path, StringComparison.Ordinal)).ToArray());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("emotune: error: /nonexistent/", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not found", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train", "--data", "/nonexistent/fer", "--out", "/tmp/emotune-cli-test-run")]
    [InlineData("dataset", "stats", "--data", "/nonexistent/fer", "--out", "/tmp/emotune-cli-test-stats")]
    public async Task Verb_MissingDataset_ExitsNonZeroNamingThePath(params string[] args)
    {
        var result = await EmoTuneProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("emotune: error: /nonexistent/fer: no such file or folder", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Option '--data' is required.", "dataset framing", "dataset", "framing")]
    [InlineData("Option '--model' is required.", "evaluate", "evaluate", "--data", "/tmp")]
    [InlineData("Unrecognized command or argument '--frobnicate'.", "bench scenes", "bench", "scenes", "--frobnicate")]
    [InlineData("Required command was not provided.", "bench", "bench")]
    [InlineData("Option '--replica' is required.", "gateway", "gateway")]
    public async Task Verb_UsageError_OneLineAndExitCode2(string message, string verb, params string[] args)
    {
        var result = await EmoTuneProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"emotune: error: {message}", line, StringComparison.Ordinal);
        Assert.EndsWith($"Try 'emotune {verb} --help'.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Description:", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--blur", "1.5")]
    [InlineData("--low-res", "-0.1")]
    public async Task Train_DegradationChanceOutsideZeroToOne_IsRejectedBeforeLoadingData(string option, string value)
    {
        var result = await EmoTuneProcess.RunAsync("train", "--data", "/nonexistent/fer", "--out", "/tmp/x", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} must be a chance between 0 and 1", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--pids needs --target", "--pids", "1")]
    [InlineData("--target must be an http(s) address", "--target", "ftp://127.0.0.1")]
    public async Task BenchLoopback_TargetOptionsOutOfPlace_AreRejectedBeforeStarting(string message, params string[] args)
    {
        var result = await EmoTuneProcess.RunAsync(["bench", "loopback", "--faces", "/nonexistent/fer", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_UnknownArchitecture_IsRejectedBeforeLoadingData()
    {
        var result = await EmoTuneProcess.RunAsync("train", "--data", "/nonexistent/fer", "--out", "/tmp/x", "--arch", "resnet-9000");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("resnet-9000", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WithoutOutOrResume_SaysOutIsRequired()
    {
        var result = await EmoTuneProcess.RunAsync("train", "--data", "/nonexistent/fer");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out is required", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_InitFromMissingFile_IsRejectedBeforeLoadingData()
    {
        var result = await EmoTuneProcess.RunAsync("train", "--data", "/nonexistent/fer", "--out", "/tmp/x", "--init-from", "/nonexistent/start.onnx");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--init-from: /nonexistent/start.onnx does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_InitFromWithResume_IsRejected()
    {
        var result = await EmoTuneProcess.RunAsync("train", "--data", "/nonexistent/fer", "--resume", "/nonexistent/run", "--init-from", "/nonexistent/start.onnx");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--init-from starts a new run", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "--teacher: /nonexistent/teacher.onnx does not exist")]
    [InlineData("1.5", "--distill-weight must be in (0, 1], got 1.5")]
    [InlineData("0", "--distill-weight must be in (0, 1], got 0")]
    public async Task Train_BadTeacherOptions_AreRejectedBeforeLoadingData(string weight, string expected)
    {
        var result = await EmoTuneProcess.RunAsync("train", "--data", "/nonexistent/fer", "--out", "/tmp/x", "--teacher", "/nonexistent/teacher.onnx", "--distill-weight", weight);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_DistillWeightWithoutTeacher_IsRejected()
    {
        var result = await EmoTuneProcess.RunAsync("train", "--data", "/nonexistent/fer", "--out", "/tmp/x", "--distill-weight", "0.7");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("only apply with --teacher", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--no-augment", "--augment-strength", "0.5" }, "--no-augment and --augment-strength contradict each other")]
    [InlineData(new[] { "--augment-strength", "-0.5" }, "--augment-strength must be between 0 and 2.5, got -0.5")]
    [InlineData(new[] { "--augment-strength", "3" }, "--augment-strength must be between 0 and 2.5, got 3")]
    [InlineData(new[] { "--epochs", "3", "--clean-epochs", "4" }, "--clean-epochs must be between 0 and --epochs (3), got 4")]
    [InlineData(new[] { "--clean-epochs", "-1" }, "--clean-epochs must be between 0 and --epochs (60), got -1")]
    [InlineData(new[] { "--checkpoint-minutes", "-5" }, "--checkpoint-minutes must be 0 (epoch ends only) or a positive number of minutes, got -5")]
    public async Task Train_BadAugmentationOptions_AreRejectedBeforeLoadingData(string[] options, string expected)
    {
        var result = await EmoTuneProcess.RunAsync(["train", "--data", "/nonexistent/fer", "--out", "/tmp/x", .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_FromOnnxWithoutData_SaysDataIsNeeded()
    {
        using var data = FixtureFolder.Create();
        var model = Path.Combine(data.Path, "float.onnx");
        await File.WriteAllTextAsync(model, "not read before --data is checked", TestContext.Current.CancellationToken);

        var result = await EmoTuneProcess.RunAsync("export", "--model", model, "--out", Path.Combine(data.Path, "x.onnx"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("needs training images (--data)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Average_OneModel_SaysTwoAreNeeded()
    {
        var result = await EmoTuneProcess.RunAsync("average", "--models", "/nonexistent/a.weights", "--data", "/nonexistent/fer", "--out", "/tmp/x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("at least two networks", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Average_MissingModel_IsNamedBeforeLoadingData()
    {
        var result = await EmoTuneProcess.RunAsync("average", "--models", "/nonexistent/a.weights", "/nonexistent/b.onnx", "--data", "/nonexistent/fer", "--out", "/tmp/x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/a.weights: model file not found", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_CorruptOnnxFile_ExitsNonZeroWithReason()
    {
        using var data = FixtureFolder.Create();
        var model = Path.Combine(data.Path, "broken.onnx");
        await File.WriteAllTextAsync(model, "not a model", TestContext.Current.CancellationToken);

        var result = await EmoTuneProcess.RunAsync("evaluate", "--model", model, "--data", data.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"emotune: error: {model}", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--tta-views 7", "Argument '7' not recognized")]
    [InlineData("--tta --tta-views 10", "emotune: error: --tta means --tta-views 2; it contradicts --tta-views 10.")]
    [InlineData("--tta-views 10 --tta-shift 0", "emotune: error: --tta-shift must be 1 to 8 pixels; got 0.")]
    public async Task Evaluate_BadTestTimeViews_ExitsNonZeroSayingWhy(string options, string expected)
    {
        using var data = FixtureFolder.Create();
        var result = await EmoTuneProcess.RunAsync(["evaluate", "--model", "/nonexistent/model.onnx", "--data", data.Path, .. options.Split(' ')]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("export")]
    [InlineData("average")]
    [InlineData("report")]
    [InlineData("dataset")]
    [InlineData("bench")]
    public async Task Verb_Help_DescribesItself(string verb)
    {
        var result = await EmoTuneProcess.RunAsync(verb, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(verb, result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A split folder with one tiny image per class, enough for the loaders to get past the data.</summary>
    private sealed class FixtureFolder(string path) : IDisposable
    {
        public string Path { get; } = path;

        public static FixtureFolder Create()
        {
            var dir = Directory.CreateTempSubdirectory("emotune-cli-").FullName;
            foreach (var name in new[] { "angry", "disgust", "fear", "happy", "sad", "surprise", "neutral" })
            {
                Directory.CreateDirectory(System.IO.Path.Combine(dir, name));
                File.WriteAllBytes(System.IO.Path.Combine(dir, name, "a.png"), OnePixelPng);
            }

            return new FixtureFolder(dir);
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);

        // A valid 1x1 grey PNG.
        private static readonly byte[] OnePixelPng = Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==");
    }
}
