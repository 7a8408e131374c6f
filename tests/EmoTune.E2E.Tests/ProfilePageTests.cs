using EmoTune.Testing;
using EmoTune.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EmoTune.E2E.Tests;

/// <summary>The page in sign-in mode, driven by keyboard: create an account, see the history, delete everything through the confirm dialog.</summary>
public sealed class ProfilePageTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task SignInMode_RegisterSeeHistory_DeleteByKeyboard_EscapeCancels()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/bootstrap.sh (Debian package chromium).");
        using var temp = TempFolder.Create();
        await using var app = EmoTuneWebApp.Create(
            ["--urls=http://127.0.0.1:0", "--Web:RequireSignIn=true", $"--Music:DatabasePath={temp.Combine("e2e.db")}", $"--Vision:ModelPath={SharedData.ShippedModel}"]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(address + "/");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeHiddenAsync();
        await page.GetByLabel("User name").FillAsync("alice");
        await page.GetByLabel("Password").FillAsync("correct horse battery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator("#account-name")).ToHaveTextAsync("Signed in as alice");

        // Feedback as the page sends it (same cookies, same header), then the History table shows it.
        var first = (await (await page.APIRequest.GetAsync(address + "/api/v1/recommendations?emotion=sad&limit=1")).JsonAsync())!.Value[0];
        var (track, id) = (first.GetProperty("title").GetString()!, first.GetProperty("id").GetString());
        var posted = await page.APIRequest.PostAsync(address + "/api/v1/feedback", new()
        {
            Headers = new Dictionary<string, string> { ["X-EmoTune"] = "1" },
            DataObject = new { trackId = id, emotion = "sad", strategy = "lift", kind = "like" },
        });
        Assert.Equal(204, posted.Status);
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        var rows = page.Locator("#history-rows tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("lift");

        // Escape cancels and gives focus back; Tab from the focused Cancel reaches Delete, Enter confirms.
        var open = page.GetByRole(AriaRole.Button, new() { Name = "Delete my data…" });
        await open.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete my data?" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(open).ToBeFocusedAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete everything" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#signin-status")).ToContainTextAsync("your account too");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        var history = await page.APIRequest.GetAsync(address + "/api/v1/me/history");
        Assert.Equal(401, history.Status);
        TestContext.Current.SendDiagnosticMessage($"deleted feedback on '{track}'");
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}
