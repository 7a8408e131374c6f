using System.Net;
using EmoTune.Music.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EmoTune.Web.Tests.Hosting;

/// <summary>The security headers on answers that do not come from an endpoint's success path.</summary>
[Collection(WebCollection.Name)]
public sealed class SecurityHeadersTests(EmoTuneFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnexpectedError_Is500ProblemDetails_WithSecurityHeaders()
    {
        using var app = factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureTestServices(s => s.AddSingleton<IProfileDataStore, FailingStore>());
        });
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/me/data", Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(response);
        Assert.DoesNotContain("disk on fire", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/api/v1/recommendations?emotion=bored")]
    public async Task ErrorAnswers_CarrySecurityHeaders(string url)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(url, Ct);

        Assert.True((int)response.StatusCode >= 400);
        AssertSecurityHeaders(response);
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Contains("default-src 'self'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Opener-Policy")));
        Assert.Equal("credentialless", Assert.Single(response.Headers.GetValues("Cross-Origin-Embedder-Policy")));
    }

    private sealed class FailingStore : IProfileDataStore
    {
        public string Name => "failing";

        public Task<object?> ExportAsync(string profileId, CancellationToken ct = default) => throw new InvalidOperationException("disk on fire");

        public Task<int> DeleteAsync(string profileId, CancellationToken ct = default) => throw new InvalidOperationException("disk on fire");
    }
}
