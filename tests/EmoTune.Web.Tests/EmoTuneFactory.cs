using EmoTune.Testing;
using EmoTune.Training.Models;
using EmoTune.Training.Onnx;
using EmoTune.Training.Training;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TorchSharp;

namespace EmoTune.Web.Tests;

/// <summary>
/// The real web app in memory, on a small real model (an untrained, seeded vgg-tiny written by EmoTune's exporter), a
/// temporary database, and small limits so the limit tests stay fast.
/// </summary>
public sealed class EmoTuneFactory : WebApplicationFactory<Program>
{
    public const long MaxRequestBytes = 300_000;
    public const int MaxFrameBytes = 200_000;
    private readonly TempFolder _folder = TempFolder.Create();
    private readonly string _model;

    public EmoTuneFactory()
    {
        _model = Path.Combine(_folder.Path, "tiny.onnx");
        torch.manual_seed(5);
        using var network = NetworkFactory.Create("vgg-tiny");
        network.eval();
        OnnxExporter.Export(network, Trainer.SpecFor(new TrainingOptions { Architecture = "vgg-tiny" }, 48), _model);
    }

    /// <summary>The tiny model, for real (Kestrel) app instances started beside the in-memory one.</summary>
    public string ModelPath => _model;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Vision:ModelPath", _model);
        builder.UseSetting("Music:DatabasePath", Path.Combine(_folder.Path, "emotune.db"));
        builder.UseSetting("Web:MaxRequestBytes", MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Web:MaxFrameBytes", MaxFrameBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _folder.Dispose();
        }
    }
}
