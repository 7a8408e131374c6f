using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EmoTune.Vision;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;
using Microsoft.Extensions.Options;

namespace EmoTune.Web.OnDevice;

/// <summary>
/// The files of on-device mode, found and hashed once: onnxruntime-web's WebAssembly build (installed by
/// <c>scripts/bootstrap.sh</c> with <c>npm ci</c> into <c>src/EmoTune.Web/ClientLibs/node_modules</c>, or
/// <see cref="Hosting.WebOptions.ClientLibsPath"/>), the emotion model the server runs with its spec, and YuNet. Served
/// by EmoTune itself under content-addressed URLs (the version or the hash in the path) with a strong ETag and
/// <c>immutable</c>; nothing comes from a CDN.
/// </summary>
public sealed class OnDeviceAssets
{
    /// <summary>The onnxruntime-web files the page needs: the ES module, its WebAssembly glue and the WebAssembly binary.</summary>
    public static readonly IReadOnlyList<string> RuntimeFiles = ["ort.wasm.min.mjs", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];

    private readonly Lazy<State> _state;

    public OnDeviceAssets(IOptions<VisionOptions> vision, IEmotionClassifier classifier, IOptions<Hosting.WebOptions> web)
    {
        _state = new Lazy<State>(() => Load(vision.Value, classifier, web.Value.ClientLibsPath), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The onnxruntime-web version served, or null when it is not installed (see <see cref="Unavailable"/>).</summary>
    public string? RuntimeVersion => _state.Value.RuntimeVersion;

    /// <summary>Why on-device mode can't be offered, or null when it can.</summary>
    public string? Unavailable => _state.Value.Unavailable;

    /// <summary>The runtime files by name (empty when not installed).</summary>
    public IReadOnlyDictionary<string, OnDeviceFile> Runtime => _state.Value.Runtime;

    /// <summary>The emotion model the server runs.</summary>
    public OnDeviceFile? Classifier => _state.Value.Classifier;

    /// <summary>The emotion model's spec, as JSON (the <c>.onnx.json</c> beside it, or the spec the server read from its metadata).</summary>
    public OnDeviceFile? Spec => _state.Value.Spec;

    /// <summary>The spec's bytes (served from memory when it came from the model's metadata).</summary>
    public byte[] SpecBytes => _state.Value.SpecBytes;

    /// <summary>The YuNet face detector.</summary>
    public OnDeviceFile? Detector => _state.Value.Detector;

    /// <summary>The model file (<see cref="Classifier"/>, <see cref="Spec"/> or <see cref="Detector"/>) with this hash and name, or null.</summary>
    public OnDeviceFile? Model(string sha256, string name) =>
        new[] { Classifier, Spec, Detector }.FirstOrDefault(f => f is not null && string.Equals(f.Sha256, sha256, StringComparison.Ordinal) && string.Equals(f.Name, name, StringComparison.Ordinal));

    private static State Load(VisionOptions vision, IEmotionClassifier classifier, string? clientLibs)
    {
        var state = new State();
        var model = vision.ModelPath;
        state.Classifier = Hash(model, "application/octet-stream");
        var sidecar = Core.ModelSpec.EmotionModelSpec.SidecarPath(model);
        state.SpecBytes = File.Exists(sidecar) ? File.ReadAllBytes(sidecar) : Encoding.UTF8.GetBytes(classifier.Spec.ToJson());
        state.Spec = new OnDeviceFile(Path.GetFileName(sidecar), sidecar, "application/json", Convert.ToHexStringLower(SHA256.HashData(state.SpecBytes)), state.SpecBytes.Length);
        var yunet = vision.Detection.IsYuNet ? vision.Detection.YuNetPath : ShippedModel.Locate(DetectionOptions.YuNetFileName);
        state.Detector = File.Exists(yunet) ? Hash(yunet, "application/octet-stream") : null;

        var package = FindPackage(clientLibs);
        if (package is null)
        {
            state.Unavailable = "onnxruntime-web is not installed on the server (run scripts/bootstrap.sh, which installs it with npm ci).";
        }
        else
        {
            state.RuntimeVersion = package.Value.Version;
            foreach (var name in RuntimeFiles)
            {
                var path = Path.Combine(package.Value.Dist, name);
                if (!File.Exists(path))
                {
                    state.Unavailable = $"onnxruntime-web {package.Value.Version} on the server lacks {name} (run scripts/bootstrap.sh again).";
                    state.Runtime.Clear();
                    break;
                }

                state.Runtime[name] = Hash(path, name.EndsWith(".wasm", StringComparison.Ordinal) ? "application/wasm" : "text/javascript");
            }
        }

        if (state.Unavailable is null && state.Detector is null)
        {
            state.Unavailable = $"The YuNet face detector ({DetectionOptions.YuNetFileName}) is not on the server.";
        }

        if (state.Unavailable is null && vision.Crop.Clahe)
        {
            state.Unavailable = "The server applies CLAHE to faces (Vision:Crop:Clahe), which the page does not reproduce.";
        }

        return state;
    }

    private static OnDeviceFile Hash(string path, string contentType)
    {
        using var stream = File.OpenRead(path);
        return new OnDeviceFile(Path.GetFileName(path), path, contentType, Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length);
    }

    /// <summary>The installed onnxruntime-web: its dist folder and version, from the configured folder or walking up from the app.</summary>
    private static (string Dist, string Version)? FindPackage(string? clientLibs)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(clientLibs))
        {
            candidates.Add(Path.Combine(clientLibs, "node_modules", "onnxruntime-web"));
        }
        else
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                candidates.Add(Path.Combine(dir.FullName, "src", "EmoTune.Web", "ClientLibs", "node_modules", "onnxruntime-web"));
                candidates.Add(Path.Combine(dir.FullName, "ClientLibs", "node_modules", "onnxruntime-web"));
            }
        }

        foreach (var root in candidates)
        {
            var manifest = Path.Combine(root, "package.json");
            if (!File.Exists(manifest))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
            if (doc.RootElement.TryGetProperty("version", out var version) && version.GetString() is { Length: > 0 } v && v.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
            {
                return (Path.Combine(root, "dist"), v);
            }
        }

        return null;
    }

    private sealed class State
    {
        public string? RuntimeVersion { get; set; }
        public string? Unavailable { get; set; }
        public Dictionary<string, OnDeviceFile> Runtime { get; } = new(StringComparer.Ordinal);
        public OnDeviceFile? Classifier { get; set; }
        public OnDeviceFile? Spec { get; set; }
        public byte[] SpecBytes { get; set; } = [];
        public OnDeviceFile? Detector { get; set; }
    }
}
