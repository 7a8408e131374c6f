using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EmoTune.Web.Tests.Profiles;

/// <summary>Registration refuses blank, common and user-name passwords with 400 naming the field (issue 23 #15, NIST SP 800-63B).</summary>
[Collection(WebCollection.Name)]
public sealed class PasswordRulesTests(EmoTuneFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("12345678", "common")]
    [InlineData("password", "common")]
    [InlineData("PassWord", "common")]
    [InlineData("iloveyou", "common")]
    [InlineData("qwertyuiop", "common")]
    [InlineData("1qaz2wsx", "common")]
    [InlineData("        ", "spaces")]
    [InlineData("\t\t\t\t\t\t\t\t\t", "spaces")]
    [InlineData("", "spaces")]
    [InlineData(null, "spaces")]
    [InlineData("melody.maker", "user name")]
    [InlineData("Melody.Maker", "user name")]
    [InlineData("1234567", "8–256")]
    public async Task Register_WeakPassword_Is400NamingPasswordAndTheReason(string? password, string reason)
    {
        using var host = ProfileHost.Create(factory);
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/account/register", new { userName = "melody.maker", password }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith("password ", detail, StringComparison.Ordinal);
        Assert.Contains(reason, detail, StringComparison.Ordinal);
        Assert.Equal(detail, problem.GetProperty("errors").GetProperty("password")[0].GetString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData(ProfileHost.Password)]
    [InlineData("purple-otter-meadow")]
    [InlineData("  padded but fine  ")]
    [InlineData("Tr0ub4dor&3x")]
    public async Task Register_UncommonPassword_IsAccepted(string password)
    {
        using var host = ProfileHost.Create(factory);
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/account/register", new { userName = "melody.maker", password }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_IsNotJudged_OnlyRegistration()
    {
        // The rules apply to new passwords; sign-in compares with the stored hash and says nothing more.
        using var host = ProfileHost.Create(factory);
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/account/signin", new { userName = "melody.maker", password = "12345678" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
