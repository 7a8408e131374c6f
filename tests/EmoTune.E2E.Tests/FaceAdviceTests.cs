using Microsoft.Playwright;

namespace EmoTune.E2E.Tests;

/// <summary>
/// The page advises coming closer while every face in view is small (where the chain finds and reads faces worst), in
/// both modes, and says nothing of the kind for a face of ordinary size.
/// </summary>
public sealed class FaceAdviceTests
{
    private const string Face = "happy/PublicTest_10130075.jpg";

    [Theory]
    [InlineData("On this device")]
    [InlineData("On the server")]
    public async Task SmallFace_PageAdvisesComingCloser_ALargeOneGetsNoAdvice(string mode)
    {
        // 64 px: a face the detector still finds (YuNet's box about 59 px across), under the 74 px the advice starts at.
        await using (var small = await PageHost.StartWithFaceAsync(Face, 64))
        {
            var page = small.Page;
            await page.GetByRole(AriaRole.Radio, new() { Name = mode }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
            await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("#faces-status")).ToContainTextAsync("Your face is small in the picture: come closer", new() { Timeout = 10_000 });
            await page.GetByRole(AriaRole.Button, new() { Name = "Stop camera" }).ClickAsync();
            await Assertions.Expect(page.Locator("#faces-status")).ToContainTextAsync("the camera is off");
        }

        await using var large = await PageHost.StartWithFaceAsync(Face, 160);
        var other = large.Page;
        await other.GetByRole(AriaRole.Radio, new() { Name = mode }).CheckAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Assertions.Expect(other.Locator("#faces")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await Assertions.Expect(other.Locator("#face-list li strong").First).ToContainTextAsync("Face #", new() { Timeout = 10_000 });
        await Assertions.Expect(other.Locator("#faces-status")).ToHaveTextAsync("");
    }
}
