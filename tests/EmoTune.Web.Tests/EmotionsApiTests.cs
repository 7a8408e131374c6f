using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace EmoTune.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class EmotionsApiTests(EmoTuneFactory factory)
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Post_JpegScene_ReturnsOneResultPerFace(int faces)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/emotions", Image(TestImages.Scene(faces), "image/jpeg"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var found = json.RootElement.GetProperty("faces");
        Assert.Equal(faces, found.GetArrayLength());
        Assert.Equal(640, json.RootElement.GetProperty("width").GetInt32());
        foreach (var face in found.EnumerateArray())
        {
            Assert.Equal(7, face.GetProperty("probabilities").EnumerateObject().Count());
            Assert.InRange(face.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetSingle()), 0.999f, 1.001f);
        }
    }

    [Fact]
    public async Task Post_MultipartPng_IsAccepted()
    {
        using var client = factory.CreateClient();
        using var form = new MultipartFormDataContent { { Image(TestImages.Scene(1, ".png"), "image/png"), "image", "scene.png" } };

        using var response = await client.PostAsync("/api/v1/emotions", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(1, result.GetProperty("faces").GetArrayLength());
    }

    [Theory]
    [InlineData("text/plain", HttpStatusCode.UnsupportedMediaType, "not supported")]
    [InlineData("application/json", HttpStatusCode.UnsupportedMediaType, "not supported")]
    public async Task Post_WrongContentType_Is415(string type, HttpStatusCode expected, string detail)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/emotions", Image("{}"u8.ToArray(), type), TestContext.Current.CancellationToken);

        await AssertProblem(response, expected, detail);
    }

    [Fact]
    public async Task Post_UndecodableJpeg_Is400WithReason()
    {
        using var client = factory.CreateClient();
        var truncated = TestImages.Scene(1)[..600];

        using var response = await client.PostAsync("/api/v1/emotions", Image(truncated, "image/jpeg"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_GarbageCalledJpeg_Is400NamingTheHeader()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/emotions", Image(new byte[500], "image/jpeg"), TestContext.Current.CancellationToken);

        await AssertProblem(response, HttpStatusCode.BadRequest, "Not a JPEG or PNG");
    }

    [Fact]
    public async Task Post_HeaderClaimingHugeImage_Is400BeforeDecoding()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/emotions", Image(TestImages.PngHeader(100_000, 100_000), "image/png"), TestContext.Current.CancellationToken);

        await AssertProblem(response, HttpStatusCode.BadRequest, "100000x100000");
    }

    [Fact]
    public async Task Post_OversizedBody_Is413()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/emotions", Image(new byte[EmoTuneFactory.MaxRequestBytes + 1], "image/jpeg"), TestContext.Current.CancellationToken);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "larger than");
    }

    [Fact]
    public async Task Post_EmptyMultipart_Is400()
    {
        using var client = factory.CreateClient();
        using var form = new MultipartFormDataContent { { new StringContent("x"), "note" } };

        using var response = await client.PostAsync("/api/v1/emotions", form, TestContext.Current.CancellationToken);

        await AssertProblem(response, HttpStatusCode.BadRequest, "no file");
    }

    [Theory]
    [InlineData("no boundary", "boundary")]
    [InlineData("unterminated headers", "truncated")]
    [InlineData("truncated file", "truncated")]
    [InlineData("20 fields", "16")]
    [InlineData("20 urlencoded values", "16")]
    public async Task Post_MalformedForm_Is400NamingTheProblem_WithSecurityHeaders(string form, string detail)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/emotions", MalformedForm(form), TestContext.Current.CancellationToken);

        await AssertProblem(response, HttpStatusCode.BadRequest, detail);
        Hosting.SecurityHeadersTests.AssertSecurityHeaders(response);
    }

    private static ByteArrayContent MalformedForm(string kind)
    {
        const string part = "--XYZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"scene.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
        var jpeg = TestImages.Scene(1);
        var (type, body) = kind switch
        {
            "no boundary" => ("multipart/form-data", [.. Encoding.ASCII.GetBytes(part), .. jpeg, .. "\r\n--XYZ--\r\n"u8]),
            "unterminated headers" => ("multipart/form-data; boundary=XYZ", Encoding.ASCII.GetBytes("--XYZ\r\nContent-Disposition: form-data; name=\"image\"")),
            "truncated file" => ("multipart/form-data; boundary=XYZ", [.. Encoding.ASCII.GetBytes(part), .. jpeg[..(jpeg.Length / 2)]]),
            "20 fields" => ("multipart/form-data; boundary=XYZ", Encoding.ASCII.GetBytes(
                string.Concat(Enumerable.Range(0, 20).Select(i => $"--XYZ\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\n{i}\r\n")) + "--XYZ--\r\n")),
            "20 urlencoded values" => ("application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(string.Join('&', Enumerable.Range(0, 20).Select(i => $"f{i}={i}")))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        return content;
    }

    [Fact]
    public async Task EveryResponse_CarriesSecurityHeaders()
    {
        using var client = factory.CreateClient();

        using var page = await client.GetAsync("/", TestContext.Current.CancellationToken);
        using var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        foreach (var response in new[] { page, health })
        {
            var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }

        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    private static ByteArrayContent Image(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode expected, string detail)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
