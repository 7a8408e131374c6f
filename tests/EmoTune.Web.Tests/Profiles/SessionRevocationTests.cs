using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoTune.Web.Tests.Profiles;

/// <summary>
/// Sessions end on the server: a sign-in cookie copied before sign-out (or account deletion) is refused with 401 on its
/// next request, whatever it was going to read or delete (issue 23 #13).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SessionRevocationTests(EmoTuneFactory factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignOut_CookieSavedBefore_Is401ForHistoryExportDeleteAndFrames()
    {
        using var host = ProfileHost.Create(factory);
        var registered = await host.RegisterKeepingCookieAsync("alice");
        using var alice = registered.Client;
        var saved = registered.Cookie;

        await ProfileHost.PostFeedbackAsync(alice, 0);
        using var copy = CookieClient(host, saved);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/v1/me/history", Ct)).StatusCode);

        using var signOut = await alice.PostAsync("/api/v1/account/signout", null, Ct);
        using var history = await copy.GetAsync("/api/v1/me/history", Ct);
        using var export = await copy.GetAsync("/api/v1/me/data", Ct);
        using var delete = await copy.DeleteAsync("/api/v1/me/data", Ct);
        var status = await copy.GetFromJsonAsync<JsonElement>("/api/v1/account", Ct);
        var socket = host.App.Server.CreateWebSocketClient();
        socket.ConfigureRequest = r => r.Headers.Cookie = saved;
        var frames = await Assert.ThrowsAnyAsync<Exception>(() => socket.ConnectAsync(new Uri(host.App.Server.BaseAddress, "/ws/frames"), Ct));

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, history.StatusCode);
        Assert.Equal("application/problem+json", history.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, export.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        Assert.False(status.GetProperty("signedIn").GetBoolean());
        Assert.Contains("401", frames.Message, StringComparison.Ordinal);

        // Nothing was deleted through the old cookie: signing in again finds the account and its history.
        using var again = host.CreateClient();
        using var signIn = await again.PostAsJsonAsync("/api/v1/account/signin", new { userName = "alice", password = ProfileHost.Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(1, (await ProfileHost.HistoryAsync(again)).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/v1/me/history", Ct)).StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsEverySessionOfTheAccount_AndNoOtherAccounts()
    {
        using var host = ProfileHost.Create(factory);
        using var laptop = await host.RegisterAsync("alice");
        using var phone = host.CreateClient();
        using (var signIn = await phone.PostAsJsonAsync("/api/v1/account/signin", new { userName = "alice", password = ProfileHost.Password }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        using var bob = await host.RegisterAsync("bob");

        using var signOut = await laptop.PostAsync("/api/v1/account/signout", null, Ct);
        using var phoneHistory = await phone.GetAsync("/api/v1/me/history", Ct);
        using var bobHistory = await bob.GetAsync("/api/v1/me/history", Ct);

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, phoneHistory.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bobHistory.StatusCode);
    }

    [Fact]
    public async Task DeleteMyData_CookieSavedBefore_Is401_EvenOnceTheNameIsTakenAgain()
    {
        using var host = ProfileHost.Create(factory);
        var registered = await host.RegisterKeepingCookieAsync("alice");
        using var alice = registered.Client;
        var saved = registered.Cookie;

        using var delete = await alice.DeleteAsync("/api/v1/me/data", Ct);
        (await host.RegisterAsync("alice")).Dispose();
        using var copy = CookieClient(host, saved);
        using var history = await copy.GetAsync("/api/v1/me/history", Ct);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, history.StatusCode);
    }

    [Fact]
    public async Task Cookie_WithoutASecurityStamp_AsIssuedBeforeStamps_IsRefused()
    {
        using var host = ProfileHost.Create(factory);
        using var alice = await host.RegisterAsync("alice");
        var account = await alice.GetFromJsonAsync<JsonElement>("/api/v1/account", Ct);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, account.GetProperty("profileId").GetString()!), new Claim(ClaimTypes.Name, "alice")],
            CookieAuthenticationDefaults.AuthenticationScheme);
        var cookieOptions = host.App.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true }, CookieAuthenticationDefaults.AuthenticationScheme);
        using var old = CookieClient(host, "emotune.auth=" + cookieOptions.TicketDataFormat.Protect(ticket));

        using var history = await old.GetAsync("/api/v1/me/history", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, history.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/v1/me/history", Ct)).StatusCode);
    }

    /// <summary>A client that sends <paramref name="cookie"/> on every request and keeps no cookies of its own (a copy kept elsewhere).</summary>
    private static HttpClient CookieClient(ProfileHost host, string cookie)
    {
        var client = host.CreateClient(handleCookies: false);
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}
