using Microsoft.Playwright;

namespace EmoTune.E2E.Tests;

/// <summary>
/// The page's side of a replica dying (issue 25): its frame stream drops with an abnormal close, and the page opens a
/// new one and goes on with the camera still running, saying so. The drop is made by Playwright's WebSocket routing,
/// which stands between the page and the server.
/// </summary>
public sealed class StreamReconnectTests
{
    [Fact]
    public async Task Page_StreamDroppedByTheServerSide_ReconnectsAndGoesOn()
    {
        await using var host = await PageHost.StartWithoutPageAsync();
        var page = host.Page;
        var sockets = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync("**/ws/frames", socket =>
        {
            lock (sockets)
            {
                sockets.Add(socket);
            }

            socket.ConnectToServer();
        });
        await page.GotoAsync(host.Address + "/");
        await page.GetByRole(AriaRole.Radio, new() { Name = "On the server" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await Assertions.Expect(page.Locator("#faces")).ToHaveTextAsync("1", new() { Timeout = 30_000 });

        // 1011: the server went away in error, as when a replica dies behind the gateway.
        await sockets[0].CloseAsync(new() { Code = 1011, Reason = "replica gone" });

        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Reconnected", new() { Timeout = 15_000 });
        Assert.Equal(2, sockets.Count);
        var rtt = await page.Locator("#rtt").InnerTextAsync();
        await Assertions.Expect(page.Locator("#rtt")).Not.ToHaveTextAsync(rtt, new() { Timeout = 10_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop camera" })).ToBeEnabledAsync();
    }
}
