using EmoTune.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoTune.Web.Tests;

/// <summary>The <c>Web:</c> options as the app checks them at start (the validators <c>ValidateOnStart</c> registers).</summary>
public sealed class WebOptionsTests
{
    [Theory]
    [InlineData("Web:MaxWebSocketsPerClient", "0")]
    [InlineData("Web:MaxWebSocketsPerClient", "-3")]
    [InlineData("Web:MaxFramesPerSecond", "0")]
    [InlineData("Web:MaxFramesPerSecond", "many")]
    [InlineData("Web:PublicDiagnostics", "sometimes")]
    public void Validate_OutOfRange_FailsNamingTheKey(string key, string value)
    {
        using var services = CreateServices(new() { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(key.Split(':')[1], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_PassWithFourSocketsAndThirtyFrames()
    {
        using var services = CreateServices([]);

        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<WebOptions>>().Value;

        Assert.Equal(4, options.MaxWebSocketsPerClient);
        Assert.Equal(30, options.MaxFramesPerSecond);
    }

    private static ServiceProvider CreateServices(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddEmoTuneWeb();
        return services.BuildServiceProvider();
    }
}
