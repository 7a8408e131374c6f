using EmoTune.Core.Faces;
using EmoTune.Vision;
using EmoTune.Web.Hosting;
using EmoTune.Web.OnDevice;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EmoTune.Web.Apis;

/// <summary>
/// On-device mode's files and settings: <c>GET /api/v1/ondevice</c> (what to download and how to run it, following the
/// server's own vision settings), <c>/vendor/onnxruntime-web/{version}/{file}</c> and <c>/models/{sha256}/{file}</c>,
/// served with a strong ETag and <c>Cache-Control: immutable</c> since their URLs change whenever their content does.
/// </summary>
public static class OnDeviceApi
{
    private const string Immutable = "public, max-age=31536000, immutable";

    public static IEndpointRouteBuilder MapOnDeviceApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/ondevice", Manifest).RequireRateLimiting(WebServiceCollectionExtensions.ApiRateLimit)
            .WithName("OnDevice").WithSummary("What the page downloads and runs in on-device mode").WithTags("On device");
        app.MapMethods("/vendor/onnxruntime-web/{version}/{file}", [HttpMethods.Get, HttpMethods.Head], Runtime).WithName("OnDeviceRuntime").WithTags("On device").ExcludeFromDescription();
        app.MapMethods("/models/{sha256}/{file}", [HttpMethods.Get, HttpMethods.Head], Model).WithName("OnDeviceModel").WithTags("On device").ExcludeFromDescription();
        return app;
    }

    private static Ok<OnDeviceManifest> Manifest(HttpContext context, OnDeviceAssets assets, IOptions<VisionOptions> vision, IOptions<WebOptions> web)
    {
        context.Response.Headers.CacheControl = "no-cache";
        var v = vision.Value;
        var d = v.Detection;
        var crop = v.ResolvedCrop;
        var framing = FaceFraming.Fer2013;
        var available = assets.Unavailable is null;
        var runtimeBase = $"/vendor/onnxruntime-web/{assets.RuntimeVersion}/";
        return TypedResults.Ok(new OnDeviceManifest(
            available,
            assets.Unavailable,
            available ? new OnDeviceRuntime(assets.RuntimeVersion!, runtimeBase + OnDeviceAssets.RuntimeFiles[0], runtimeBase + OnDeviceAssets.RuntimeFiles[1], runtimeBase + OnDeviceAssets.RuntimeFiles[2], web.Value.OnDeviceThreads) : null,
            available ? new OnDeviceClassifier(Url(assets.Classifier!), Url(assets.Spec!), web.Value.OnDeviceMirrorAverage ?? v.MirrorAverage) : null,
            available ? new OnDeviceDetector(Url(assets.Detector!), d.ScoreThreshold, d.NmsThreshold, d.TopK, d.MinFaceSize, d.MaxFaces, Math.Min(web.Value.OnDeviceDetectionSide, d.IsYuNet ? d.DetectionSide : 640), d.FullDetectionEvery, d.WindowScale, d.WindowSide, d.RotatedPasses) : null,
            new OnDeviceCrop(crop.Align, crop.Margin ?? 0, new OnDeviceFraming(framing.EyeCentreX, framing.EyeCentreY, framing.EyeDistance)),
            web.Value.MaxFramesPerSecond));
    }

    private static string Url(OnDeviceFile file) => $"/models/{file.Sha256}/{Uri.EscapeDataString(file.Name)}";

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Runtime(HttpContext context, string version, string file, OnDeviceAssets assets)
    {
        if (!string.Equals(version, assets.RuntimeVersion, StringComparison.Ordinal) || !assets.Runtime.TryGetValue(file, out var found))
        {
            return NotFound(assets.RuntimeVersion is null
                ? "onnxruntime-web is not installed on this server (scripts/bootstrap.sh installs it)."
                : $"No {file} in onnxruntime-web {version}; this server has {assets.RuntimeVersion} ({string.Join(", ", OnDeviceAssets.RuntimeFiles)}).");
        }

        return Serve(context, found);
    }

    private static Results<PhysicalFileHttpResult, FileContentHttpResult, ProblemHttpResult> Model(HttpContext context, string sha256, string file, OnDeviceAssets assets)
    {
        var found = assets.Model(sha256, file);
        if (found is null)
        {
            return NotFound($"No model {file} with hash {sha256} on this server; ask /api/v1/ondevice for the current ones.");
        }

        if (ReferenceEquals(found, assets.Spec))
        {
            context.Response.Headers.CacheControl = Immutable;
            return TypedResults.Bytes(assets.SpecBytes, found.ContentType, entityTag: new EntityTagHeaderValue(found.ETag));
        }

        return Serve(context, found);
    }

    private static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static PhysicalFileHttpResult Serve(HttpContext context, OnDeviceFile file)
    {
        context.Response.Headers.CacheControl = Immutable;
        return TypedResults.PhysicalFile(file.Path, file.ContentType, entityTag: new EntityTagHeaderValue(file.ETag));
    }

    public sealed record OnDeviceManifest(
        bool Available, string? Reason, OnDeviceRuntime? Runtime, OnDeviceClassifier? Classifier, OnDeviceDetector? Detector, OnDeviceCrop Crop, int MaxResultsPerSecond);

    /// <param name="Threads">WebAssembly threads; 0: as many as the device has cores (at most 4) when cross-origin isolated, else 1.</param>
    public sealed record OnDeviceRuntime(string Version, string Module, string Glue, string Wasm, int Threads);

    public sealed record OnDeviceClassifier(string Model, string Spec, bool MirrorAverage);

    public sealed record OnDeviceDetector(string Model, float ScoreThreshold, float NmsThreshold, int TopK, int MinFaceSize, int MaxFaces, int DetectionSide, int FullDetectionEvery, double WindowScale, int WindowSide, double RotatedPasses);

    public sealed record OnDeviceCrop(bool Align, double Margin, OnDeviceFraming Framing);

    public sealed record OnDeviceFraming(double EyeCentreX, double EyeCentreY, double EyeDistance);
}
