using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmoTune.Web.Tests.Profiles;

namespace EmoTune.Web.Tests.Hosting;

/// <summary>
/// <c>/metrics</c> and <c>/openapi/v1.json</c> answer anyone on loopback, nobody (404) beyond it unless
/// <c>Web:PublicDiagnostics=true</c> (issue 23 #18).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class DiagnosticsAccessTests(EmoTuneFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Diagnostics => ["/metrics", "/openapi/v1.json"];

    [Theory]
    [MemberData(nameof(Diagnostics))]
    public async Task Diagnostics_BeyondLoopbackInSignInMode_Are404ProblemDetails_EvenSignedIn(string url)
    {
        using var host = ProfileHost.Create(factory, requireSignIn: null, urls: "http://0.0.0.0:5000");
        using var stranger = host.CreateClient();
        using var alice = await host.RegisterAsync("alice");

        using var anonymous = await stranger.GetAsync(url, Ct);
        using var signedIn = await alice.GetAsync(url, Ct);
        using var health = await stranger.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        var problem = await anonymous.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("Web:PublicDiagnostics", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("emotune_", await anonymous.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        SecurityHeadersTests.AssertSecurityHeaders(anonymous);
        Assert.Equal(HttpStatusCode.NotFound, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:5000", "true", HttpStatusCode.OK)]
    [InlineData(null, "http://localhost:5000;http://[::1]:5000", "true", HttpStatusCode.OK)]
    [InlineData(null, "http://0.0.0.0:5000", "true", HttpStatusCode.NotFound)]
    [InlineData(null, "http://192.168.1.20:5000;http://127.0.0.1:5000", "false", HttpStatusCode.NotFound)]
    [InlineData("true", "http://0.0.0.0:5000", "true", HttpStatusCode.OK)]
    [InlineData("false", "http://127.0.0.1:5000", "false", HttpStatusCode.NotFound)]
    [InlineData("AUTO", "http://127.0.0.1:5000", "true", HttpStatusCode.OK)]
    public async Task PublicDiagnostics_Setting_OpensOrClosesBoth(string? setting, string urls, string requireSignIn, HttpStatusCode expected)
    {
        using var host = ProfileHost.Create(
            factory,
            requireSignIn: requireSignIn,
            urls: urls,
            settings: setting is null ? null : new Dictionary<string, string> { ["Web:PublicDiagnostics"] = setting });
        using var client = host.CreateClient();

        using var metrics = await client.GetAsync("/metrics", Ct);
        using var openApi = await client.GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(expected, metrics.StatusCode);
        Assert.Equal(expected, openApi.StatusCode);
    }
}
