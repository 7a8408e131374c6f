using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EmoTune.E2E.Tests;

/// <summary>One app and one browser for the on-device tests that can share them (each test opens its own page).</summary>
public sealed class OnDeviceHost : IAsyncLifetime
{
    internal PageHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await PageHost.StartWithoutPageAsync();

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// On-device mode in Debian's Chromium with a fake camera: the page finds and classifies faces itself, the server tracks
/// them and keeps the stable mood, recommendations follow, and nothing that could be an image leaves the page. When the
/// page can't run the models (a file unreachable, a spec missing or wrong), it says why and runs on the server.
/// </summary>
public sealed partial class OnDeviceTests(OnDeviceHost fixture) : IClassFixture<OnDeviceHost>
{
    /// <summary>The largest request body or WebSocket message the page may send in on-device mode.</summary>
    private const int MaxSentBytes = 4096;

    [Fact]
    public async Task OnDevice_FakeCamera_ShowsFacesLabelsMoodAndRecommendations_AndSendsNoPixels()
    {
        var page = await fixture.Host.NewPageAsync();
        var sent = new List<(string What, int Bytes)>();
        var errors = new List<string>();
        page.Request += (_, r) => sent.Add(($"{r.Method} {r.Url}", r.PostDataBuffer?.Length ?? 0));
        page.WebSocket += (_, ws) => ws.FrameSent += (_, f) => sent.Add(("ws " + (f.Text is null ? "binary" : "text"), f.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(f.Text ?? "")));
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(fixture.Host.Address + "/");

        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "On this device" })).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#privacy")).ToContainTextAsync("never leave this browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();

        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("analysed on this device", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#face-list li strong").First).ToHaveTextAsync(FaceLabel(), new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#mood")).Not.ToHaveTextAsync("none yet", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#tracks li").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#mode-status")).ToHaveTextAsync("Mode: on this device.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop camera" }).ClickAsync();
        await page.CloseAsync();

        var results = sent.Where(s => s.What == "ws text").ToList();
        Assert.True(results.Count >= 5, $"only {results.Count} results messages were sent");
        Assert.DoesNotContain(sent, s => s.What == "ws binary");
        var largest = sent.MaxBy(s => s.Bytes);
        Assert.True(largest.Bytes <= MaxSentBytes, $"{largest.What} sent {largest.Bytes} bytes");
        Assert.Empty(errors);
        TestContext.Current.TestOutputHelper?.WriteLine($"{sent.Count} requests and messages, the largest {largest.Bytes} bytes ({largest.What}); {results.Count} results messages");
    }

    [Theory]
    [InlineData("model", "The emotion model could not be loaded")]
    [InlineData("spec-missing", "The emotion model's spec could not be loaded")]
    [InlineData("spec-wrong", "differ from FER2013 order")]
    [InlineData("manifest", "The on-device settings could not be loaded")]
    [InlineData("runtime", "The on-device runtime (onnxruntime-web) could not be loaded")]
    [InlineData("not-installed", "onnxruntime-web is not installed on the server")]
    public async Task OnDevice_FileUnreachableOrSpecWrong_SaysWhyAndRunsOnTheServer(string broken, string expected)
    {
        var page = await fixture.Host.NewPageAsync();
        switch (broken)
        {
            case "model":
                await page.RouteAsync("**/models/*/emotune-fer2013.onnx", r => r.AbortAsync());
                break;
            case "spec-missing":
                await page.RouteAsync("**/models/*/emotune-fer2013.onnx.json", r => r.FulfillAsync(new() { Status = 404 }));
                break;
            case "spec-wrong":
                await page.RouteAsync("**/models/*/emotune-fer2013.onnx.json", r => r.FulfillAsync(new()
                {
                    Status = 200,
                    ContentType = "application/json",
                    Body = """{"format":1,"input_width":48,"input_height":48,"channels":1,"mean":0.5,"std":0.25,"classes":["happy","sad"]}""",
                }));
                break;
            case "runtime":
                await page.RouteAsync("**/vendor/onnxruntime-web/**", r => r.AbortAsync());
                break;
            case "not-installed":
                // What the server answers when scripts/bootstrap.sh has not installed onnxruntime-web (OnDeviceApiTests).
                await page.RouteAsync("**/api/v1/ondevice", r => r.FulfillAsync(new()
                {
                    Status = 200,
                    ContentType = "application/json",
                    Body = """{"available":false,"reason":"onnxruntime-web is not installed on the server (run scripts/bootstrap.sh, which installs it with npm ci).","runtime":null,"classifier":null,"detector":null,"crop":{"align":true,"margin":0.12,"framing":{"eyeCentreX":0.494,"eyeCentreY":0.38,"eyeDistance":0.378}},"maxResultsPerSecond":30}""",
                }));
                break;
            default:
                await page.RouteAsync("**/api/v1/ondevice", r => r.AbortAsync());
                break;
        }

        await page.GotoAsync(fixture.Host.Address + "/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();

        await Assertions.Expect(page.Locator("#mode-status")).ToContainTextAsync(expected, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#mode-status")).ToContainTextAsync("Frames go to the server instead");
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "On the server" })).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#privacy")).ToContainTextAsync("camera frames go to EmoTune on this computer");
        await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await page.CloseAsync();
    }

    [Fact]
    public async Task ModeSwitch_IsAKeyboardReachableRadioGroup_ThatSwitchesWhileRunning()
    {
        var page = await fixture.Host.NewPageAsync();
        await page.GotoAsync(fixture.Host.Address + "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Where the camera is analysed" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "On this device" }).FocusAsync();

        await page.Keyboard.PressAsync("ArrowDown");

        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "On the server" })).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#mode-status")).ToHaveTextAsync("Mode: on the server.");
        await Assertions.Expect(page.Locator("#privacy")).ToContainTextAsync("are analysed in memory and never kept");
        await page.CloseAsync();
    }

    /// <summary>
    /// The page is cross-origin isolated (COOP same-origin, COEP credentialless), so onnxruntime-web gets
    /// SharedArrayBuffer and one WebAssembly thread per core (at most 4); without isolation, or with a setting, fewer.
    /// </summary>
    [Fact]
    public async Task OnDevice_PageIsCrossOriginIsolated_AndRunsTheModelsOnAThreadPerCore()
    {
        var page = await fixture.Host.NewPageAsync();
        await page.GotoAsync(fixture.Host.Address + "/");

        var answer = await page.EvaluateAsync<string>(
            """
            async () => {
              const [{ OnDevicePipeline }, { loadManifest, threadsFor }] = await Promise.all([import('/ondevice/pipeline.js'), import('/ondevice/assets.js')]);
              const pipeline = await OnDevicePipeline.create(await loadManifest());
              return JSON.stringify({
                isolated: self.crossOriginIsolated, cores: navigator.hardwareConcurrency, threads: pipeline.threads,
                notIsolated: threadsFor({ threads: 0 }, false, 8), set: threadsFor({ threads: 3 }, true, 8), many: threadsFor({ threads: 0 }, true, 16),
              });
            }
            """);
        using var json = System.Text.Json.JsonDocument.Parse(answer);
        var r = json.RootElement;

        Assert.True(r.GetProperty("isolated").GetBoolean(), "the page is not cross-origin isolated: " + answer);
        Assert.Equal(Math.Min(4, r.GetProperty("cores").GetInt32()), r.GetProperty("threads").GetInt32());
        Assert.Equal(1, r.GetProperty("notIsolated").GetInt32());
        Assert.Equal(3, r.GetProperty("set").GetInt32());
        Assert.Equal(4, r.GetProperty("many").GetInt32());
        await page.CloseAsync();
    }

    /// <summary>A spec's temperature reaches the page's softmax as the server's (EmotionScores.FromLogits), and a bad one is refused.</summary>
    [Fact]
    public async Task OnDevice_SpecTemperature_DividesTheLogitsAsTheServer_AndABadOneIsRefused()
    {
        float[] logits = [2.5f, -1f, 0.3f, 4f, 1.1f, -0.2f, 0.9f];
        var page = await fixture.Host.NewPageAsync();
        await page.GotoAsync(fixture.Host.Address + "/");

        var answer = await page.EvaluateAsync<string>(
            """
            async (text) => {
              const logits = JSON.parse(text);
              const [{ softmax }, { parseSpec }] = await Promise.all([import('/ondevice/classifier.js'), import('/ondevice/spec.js')]);
              let refused = '';
              try { parseSpec('{"format":1,"temperature":0}', 'bad.json'); } catch (e) { refused = e.message; }
              return JSON.stringify({ p: softmax(new Float32Array(logits), parseSpec('{"format":1,"temperature":1.7}', 'ok.json').temperature), refused });
            }
            """,
            System.Text.Json.JsonSerializer.Serialize(logits));
        using var json = System.Text.Json.JsonDocument.Parse(answer);

        var expected = Core.Emotions.EmotionScores.FromLogits(logits, 1.7f).Probabilities;
        var actual = json.RootElement.GetProperty("p").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(expected, actual);
        Assert.Contains("temperature 0 is outside", json.RootElement.GetProperty("refused").GetString(), StringComparison.Ordinal);
        await page.CloseAsync();
    }

    /// <remarks>
    /// Debian's Chromium 14x ignores V8's <c>--js-flags=--noexpose_wasm</c> (WebAssembly stays defined), so the page is
    /// given a browser without WebAssembly, or without its SIMD, by a script that runs before the page's own.
    /// </remarks>
    [Theory]
    [InlineData("delete globalThis.WebAssembly;", "this browser runs no WebAssembly")]
    [InlineData("WebAssembly.validate = () => false;", "WebAssembly lacks SIMD")]
    public async Task NoWebAssemblySimd_PageSaysSoAndRunsOnTheServer(string script, string expected)
    {
        var page = await fixture.Host.NewPageAsync();
        await page.AddInitScriptAsync(script);
        await page.GotoAsync(fixture.Host.Address + "/");

        await Assertions.Expect(page.Locator("#mode-status")).ToContainTextAsync(expected);
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "On the server" })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();

        await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("analysed on the server");
        await page.CloseAsync();
    }

    [GeneratedRegex(@"^Face #\d+: (angry|disgust|fear|happy|sad|surprise|neutral)$")]
    private static partial Regex FaceLabel();
}
