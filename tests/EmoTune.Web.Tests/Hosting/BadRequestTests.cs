using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace EmoTune.Web.Tests.Hosting;

/// <summary>
/// Parameters the framework cannot bind (missing, not a number, not JSON) answer 400 ProblemDetails that say which
/// parameter and why, in production as in development.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class BadRequestTests(EmoTuneFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/api/v1/recommendations", null, "emotion", "required")]
    [InlineData("GET", "/api/v1/recommendations?strategy=lift", null, "emotion", "required")]
    [InlineData("GET", "/api/v1/recommendations?emotion=sad&limit=abc", null, "limit", "'abc' is not a whole number")]
    [InlineData("GET", "/api/v1/recommendations?emotion=sad&step=1.5", null, "step", "'1.5' is not a whole number")]
    [InlineData("GET", "/api/v1/me/history?before=abc", null, "before", "'abc' is not a whole number")]
    [InlineData("GET", "/api/v1/me/history?limit=ten", null, "limit", "'ten' is not a whole number")]
    [InlineData("POST", "/api/v1/feedback", "{not json", "body", "not valid JSON")]
    [InlineData("POST", "/api/v1/feedback", "{\"trackId\": 5}", "body", "trackId")]
    [InlineData("POST", "/api/v1/feedback", "", "body", "required")]
    public async Task UnbindableParameter_InProduction_Is400NamingParameterAndReason(string method, string url, string? json, string parameter, string reason)
    {
        using var app = factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();
        Assert.Contains(parameter, detail, StringComparison.Ordinal);
        Assert.Contains(reason, detail, StringComparison.Ordinal);
        SecurityHeadersTests.AssertSecurityHeaders(response);
    }
}
