using EmoTune.Core.ModelSpec;
using EmoTune.Testing;

namespace EmoTune.Core.Tests.ModelSpec;

public sealed class EmotionModelSpecTests
{
    [Fact]
    public void FromModel_MetadataPresent_WinsOverTheSidecar()
    {
        using var dir = TempFolder.Create();
        var model = dir.Combine("m.onnx");
        File.WriteAllText(EmotionModelSpec.SidecarPath(model), new EmotionModelSpec { Architecture = "sidecar" }.ToJson());
        var metadata = new Dictionary<string, string> { [EmotionModelSpec.MetadataKey] = new EmotionModelSpec { Architecture = "metadata" }.ToJson() };

        Assert.Equal("metadata", EmotionModelSpec.FromModel(metadata, model).Architecture);
    }

    [Fact]
    public void FromModel_NoMetadata_ReadsTheSidecar()
    {
        using var dir = TempFolder.Create();
        var model = dir.Combine("m.onnx");
        File.WriteAllText(EmotionModelSpec.SidecarPath(model), new EmotionModelSpec { Architecture = "sidecar", InputWidth = 64, InputHeight = 64 }.ToJson());

        var spec = EmotionModelSpec.FromModel(new Dictionary<string, string>(), model);

        Assert.Equal(("sidecar", 64), (spec.Architecture, spec.InputWidth));
    }

    [Fact]
    public void FromModel_Neither_IsRefusedNamingBoth()
    {
        var ex = Assert.Throws<InvalidDataException>(() => EmotionModelSpec.FromModel(new Dictionary<string, string>(), "/models/m.onnx"));

        Assert.Contains("/models/m.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/models/m.onnx.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(EmotionModelSpec.MetadataKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromModel_InvalidSidecar_NamesTheSidecar()
    {
        using var dir = TempFolder.Create();
        var model = dir.Combine("m.onnx");
        File.WriteAllText(EmotionModelSpec.SidecarPath(model), new EmotionModelSpec { Channels = 3 }.ToJson());

        var ex = Assert.Throws<InvalidDataException>(() => EmotionModelSpec.FromModel(new Dictionary<string, string>(), model));

        Assert.Contains(EmotionModelSpec.SidecarPath(model), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Temperature_AbsentMeansOne_RoundTripsWhenSet_AndIsValidated()
    {
        var plain = new EmotionModelSpec();
        Assert.DoesNotContain("temperature", plain.ToJson(), StringComparison.Ordinal);
        Assert.Equal(1f, EmotionModelSpec.FromJson(plain.ToJson(), "plain").SoftmaxTemperature);

        var calibrated = EmotionModelSpec.FromJson((plain with { Temperature = 1.25f }).ToJson(), "calibrated");
        Assert.Equal(1.25f, calibrated.Temperature);
        Assert.Equal(1.25f, calibrated.SoftmaxTemperature);

        foreach (var bad in new[] { "0", "-1", "50" })
        {
            var json = plain.ToJson().Replace("\"format\": 1", "\"format\": 1, \"temperature\": " + bad, StringComparison.Ordinal);
            var e = Assert.Throws<InvalidDataException>(() => EmotionModelSpec.FromJson(json, "bad.json"));
            Assert.Contains("temperature", e.Message, StringComparison.Ordinal);
        }
    }
}
