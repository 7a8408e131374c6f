using EmoTune.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EmoTune.Web.Tests;

/// <summary>
/// The real web app in memory with the shipped model, a temporary database and <c>Camera:Source</c> set to
/// <paramref name="source"/> (null: camera mode off). Starts when first used, so a bad source throws there.
/// </summary>
public sealed class CameraAppFactory(string? source, TempFolder folder) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Vision:ModelPath", SharedData.ShippedModel);
        builder.UseSetting("Music:DatabasePath", folder.Combine("emotune.db"));
        builder.UseSetting("Camera:RetryDelay", "00:00:00.100");
        if (source is not null)
        {
            builder.UseSetting("Camera:Source", source);
        }
    }
}
