using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;

namespace EmoTune.E2E.Tests;

/// <summary>
/// The page and the API see the same picture the same way: a still fake camera showing one FER2013 face, and the same
/// frame posted to <c>POST /api/v1/emotions</c>, must give the same emotion. Before frames went at 640 px the page shrank
/// them to 320 px, and a sad face read "angry" on the page.
/// </summary>
public sealed class PageApiAgreementTests
{
    [Theory]
    [InlineData("sad/PublicTest_11314873.jpg", 200)]
    [InlineData("sad/PublicTest_11314873.jpg", 72)]
    [InlineData("surprise/PublicTest_11056779.jpg", 72)]
    [InlineData("happy/PublicTest_10130075.jpg", 64)]
    public async Task Page_StillFace_ShowsTheEmotionTheApiReturns(string face, int side)
    {
        await using var host = await PageHost.StartWithFaceAsync(face, side);
        var page = host.Page;

        using var http = new HttpClient { BaseAddress = new Uri(host.Address) };
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(host.FramePng, TestContext.Current.CancellationToken));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = await http.PostAsync(new Uri("/api/v1/emotions", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var api = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var apiFace = Assert.Single(api.RootElement.GetProperty("faces").EnumerateArray());
        var apiEmotion = apiFace.GetProperty("emotion").GetString();

        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("1", new() { Timeout = 30_000 });

        // The page smooths each face's probabilities over frames; on a still picture they settle on the API's.
        await Assertions.Expect(page.Locator("#face-list li strong").First).ToContainTextAsync($": {apiEmotion}", new() { Timeout = 15_000 });
        var label = await page.Locator("#face-list li strong").First.InnerTextAsync();
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture, $"{face}: API {apiEmotion} {apiFace.GetProperty("confidence").GetDouble():F3}; page '{label}'"));
    }
}
