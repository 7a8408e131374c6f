using System.ComponentModel.DataAnnotations;

namespace EmoTune.Web.Hosting;

/// <summary>Limits of the web front end (section <c>Web</c>).</summary>
public sealed class WebOptions : IValidatableObject
{
    public const string SectionName = "Web";

    /// <summary>
    /// Who may read the diagnostics, <c>/metrics</c> and <c>/openapi/v1.json</c>: <c>auto</c> (default) anyone while
    /// EmoTune listens on loopback only, nobody (404) once it listens beyond; <c>true</c>: anyone; <c>false</c>: nobody.
    /// See <see cref="DiagnosticsAccess"/>.
    /// </summary>
    public string PublicDiagnostics { get; init; } = "auto";

    /// <summary>
    /// Host names people use to reach EmoTune beyond loopback, separated by ';' (<c>*.example.com</c> for subdomains,
    /// <c>*</c> for any). Unset: the addresses of <c>--urls</c>, and for a wildcard address (<c>0.0.0.0</c>) this
    /// machine's name and interface addresses. Loopback names are always allowed. See <see cref="AllowedHostNames"/>.
    /// </summary>
    public string? AllowedHosts { get; init; }

    /// <summary>Largest HTTP request body (an uploaded image), in bytes; larger gets 413.</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxRequestBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Largest WebSocket frame message, in bytes; larger closes the socket with "message too big".</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxFrameBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Largest image, in pixels (width × height), checked from the header before decoding.</summary>
    [Range(1, 100_000_000)]
    public long MaxImagePixels { get; init; } = 4096L * 4096;

    /// <summary>API requests a client (IP address) may make per 10-second window.</summary>
    [Range(1, 100_000)]
    public int RequestsPer10Seconds { get; init; } = 200;

    /// <summary>WebSockets (<c>/ws/frames</c>) one client (IP address) may hold open at once; one more gets 429.</summary>
    [Range(1, 10_000)]
    public int MaxWebSocketsPerClient { get; init; } = 4;

    /// <summary>
    /// Local-library audio responses one client (IP address) may have in flight at once; one more gets 429. Not a rate:
    /// an audio element sends a range request per seek, but holds only one or two open.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxAudioStreamsPerClient { get; init; } = 6;

    /// <summary>
    /// Messages a WebSocket may send in any one-second window (the page sends one frame at a time, ~10–30 per second);
    /// more are answered with an error and not processed.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxFramesPerSecond { get; init; } = 30;

    /// <summary>
    /// On-device mode: the most pixels on the longer side of the copy of each camera frame the page's YuNet searches; the
    /// page uses the smaller of this and the server's own detection side (<c>Vision:Detection:MaxDetectionSide</c>, 640
    /// for YuNet), so by default it finds the faces the server finds. 320 is faster in WebAssembly (YuNet 13–17 ms against
    /// 20–38 ms per frame on the 2-core machine of docs/BENCHMARKS.md) but missed FER2013 faces of 64 and 72 px that the
    /// server finds at 640 (PageApiAgreementTests, 2026-12-02).
    /// </summary>
    [Range(64, 4096)]
    public int OnDeviceDetectionSide { get; init; } = 640;

    /// <summary>
    /// On-device mode: WebAssembly threads for onnxruntime-web. 0 (the default): as many as the device has cores, at most
    /// 4, when the page is cross-origin isolated (EmoTune's headers make it so where the browser supports
    /// <c>Cross-Origin-Embedder-Policy: credentialless</c>), else 1. On the 2-core machine of docs/BENCHMARKS.md two
    /// threads halved the classifier's time per face.
    /// </summary>
    [Range(0, 16)]
    public int OnDeviceThreads { get; init; }

    /// <summary>
    /// On-device mode: whether the page averages each face with its mirror image, as the server does when
    /// <c>Vision:MirrorAverage</c> is on (twice the classifier's work for about half a point of accuracy,
    /// models/MODEL_CARD.md). Unset: as the server.
    /// </summary>
    public bool? OnDeviceMirrorAverage { get; init; }

    /// <summary>
    /// The folder holding onnxruntime-web's <c>node_modules</c> (<c>package.json</c> beside it); unset, EmoTune looks for
    /// <c>src/EmoTune.Web/ClientLibs</c> walking up from its own folder. Without it, the page runs in server mode and says why.
    /// </summary>
    public string? ClientLibsPath { get; init; }

    /// <summary>
    /// Addresses of the load balancers or gateways in front of EmoTune, separated by ';', whose <c>X-Forwarded-For</c>
    /// and <c>X-Forwarded-Proto</c> are believed (so per-client limits count the real client, not the gateway).
    /// Loopback is always trusted (the gateway of <c>scripts/cluster.sh</c>); empty: loopback only.
    /// </summary>
    public string TrustedProxies { get; init; } = "";

    /// <summary>The parsed <see cref="TrustedProxies"/>.</summary>
    public IReadOnlyList<System.Net.IPAddress> TrustedProxyAddresses =>
        [.. TrustedProxies.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(System.Net.IPAddress.Parse)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(PublicDiagnostics, "auto", StringComparison.OrdinalIgnoreCase) && !bool.TryParse(PublicDiagnostics, out _))
        {
            yield return new ValidationResult($"Web:PublicDiagnostics '{PublicDiagnostics}' must be auto, true or false.", [nameof(PublicDiagnostics)]);
        }

        foreach (var proxy in TrustedProxies.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!System.Net.IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"Web:TrustedProxies '{proxy}' is not an IP address.", [nameof(TrustedProxies)]);
            }
        }
    }
}
