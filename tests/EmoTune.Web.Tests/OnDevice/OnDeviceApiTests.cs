using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EmoTune.Core.ModelSpec;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EmoTune.Web.Tests.OnDevice;

/// <summary>
/// <c>GET /api/v1/ondevice</c> and the files it points to: served by EmoTune itself, content-addressed, strong ETag,
/// immutable; and a clear "not available" when onnxruntime-web is not installed.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class OnDeviceApiTests(EmoTuneFactory factory)
{
    [Fact]
    public async Task Manifest_WithTheRuntimeInstalled_PointsAtOwnOriginFilesThatFollowTheServersSettings()
    {
        using var client = factory.CreateClient();

        var manifest = await client.GetFromJsonAsync<JsonElement>("/api/v1/ondevice", TestContext.Current.CancellationToken);

        Assert.True(manifest.GetProperty("available").GetBoolean(), manifest.GetProperty("reason").ToString());
        var runtime = manifest.GetProperty("runtime");
        Assert.Equal("1.30.0", runtime.GetProperty("version").GetString());
        Assert.StartsWith("/vendor/onnxruntime-web/1.30.0/", runtime.GetProperty("wasm").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, runtime.GetProperty("threads").GetInt32()); // as many as the device's cores
        Assert.True(manifest.GetProperty("classifier").GetProperty("mirrorAverage").GetBoolean());
        var detector = manifest.GetProperty("detector");
        Assert.Equal(0.6, detector.GetProperty("scoreThreshold").GetDouble(), 5);
        Assert.Equal(640, detector.GetProperty("detectionSide").GetInt32());
        Assert.Equal(0.378, manifest.GetProperty("crop").GetProperty("framing").GetProperty("eyeDistance").GetDouble());
    }

    [Fact]
    public async Task Files_AreServedWithTheirHashAsStrongETag_Immutable_And304WhenUnchanged()
    {
        using var client = factory.CreateClient();
        var manifest = await client.GetFromJsonAsync<JsonElement>("/api/v1/ondevice", TestContext.Current.CancellationToken);
        var urls = new[]
        {
            manifest.GetProperty("runtime").GetProperty("module").GetString()!,
            manifest.GetProperty("runtime").GetProperty("wasm").GetString()!,
            manifest.GetProperty("classifier").GetProperty("model").GetString()!,
            manifest.GetProperty("classifier").GetProperty("spec").GetString()!,
            manifest.GetProperty("detector").GetProperty("model").GetString()!,
        };

        foreach (var url in urls)
        {
            using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(body))}\"", response.Headers.ETag?.Tag);
            Assert.False(response.Headers.ETag!.IsWeak);
            Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

            using var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag);
            using var revalidated = await client.SendAsync(again, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }

        var spec = await client.GetStringAsync(urls[3], TestContext.Current.CancellationToken);
        Assert.Equal("vgg-tiny", EmotionModelSpec.FromJson(spec, urls[3]).Architecture);
        using var wasm = await client.GetAsync(urls[1], TestContext.Current.CancellationToken);
        Assert.Equal("application/wasm", wasm.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/vendor/onnxruntime-web/1.30.0/ort.min.js")]
    [InlineData("/vendor/onnxruntime-web/0.0.1/ort.wasm.min.mjs")]
    [InlineData("/vendor/onnxruntime-web/1.30.0/..%2F..%2Fpackage.json")]
    [InlineData("/models/0000/emotune-fer2013.onnx")]
    [InlineData("/models/0000/..%2F..%2Fappsettings.json")]
    public async Task Files_NotOffered_Are404ProblemDetails(string url)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Manifest_FollowsTheOnDeviceSettings_ThreadsAndMirror()
    {
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("Web:OnDeviceThreads", "2").UseSetting("Web:OnDeviceMirrorAverage", "false"));
        using var client = app.CreateClient();

        var manifest = await client.GetFromJsonAsync<JsonElement>("/api/v1/ondevice", TestContext.Current.CancellationToken);

        Assert.Equal(2, manifest.GetProperty("runtime").GetProperty("threads").GetInt32());
        Assert.False(manifest.GetProperty("classifier").GetProperty("mirrorAverage").GetBoolean());
    }

    [Fact]
    public async Task Manifest_WithoutTheRuntime_SaysOnDeviceIsUnavailableAndWhy()
    {
        using var folder = Testing.TempFolder.Create();
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("Web:ClientLibsPath", folder.Path));
        using var client = app.CreateClient();

        var manifest = await client.GetFromJsonAsync<JsonElement>("/api/v1/ondevice", TestContext.Current.CancellationToken);

        Assert.False(manifest.GetProperty("available").GetBoolean());
        Assert.Contains("onnxruntime-web is not installed", manifest.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("runtime").ValueKind);
    }
}
