using System.Net;
using EmoTune.Web.Hosting;
using Microsoft.Extensions.Options;

namespace EmoTune.Web.Streaming;

/// <summary>
/// Counts the WebSockets each client (IP address) holds open and refuses one over
/// <see cref="WebOptions.MaxWebSocketsPerClient"/>. Connections open and close rarely, so a plain lock is enough;
/// a client's entry goes when its last connection does.
/// </summary>
public sealed class ClientConnectionLimiter(IOptions<WebOptions> options) : IClientConnectionLimiter
{
    private readonly Dictionary<IPAddress, int> _open = [];
    private readonly int _limit = options.Value.MaxWebSocketsPerClient;

    /// <summary>Connections <paramref name="client"/> holds now.</summary>
    public int OpenFor(IPAddress client)
    {
        lock (_open)
        {
            return _open.GetValueOrDefault(client);
        }
    }

    /// <inheritdoc />
    public ValueTask<IDisposable?> TryAcquireAsync(IPAddress client, CancellationToken ct) => ValueTask.FromResult(TryAcquire(client));

    /// <inheritdoc />
    public ValueTask<int> OpenForAsync(IPAddress client, CancellationToken ct) => ValueTask.FromResult(OpenFor(client));

    /// <summary>A lease to dispose when the connection ends, or null when <paramref name="client"/> is at its limit.</summary>
    public IDisposable? TryAcquire(IPAddress client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_open)
        {
            var open = _open.GetValueOrDefault(client);
            if (open >= _limit)
            {
                return null;
            }

            _open[client] = open + 1;
        }

        return new Lease(this, client);
    }

    private void Release(IPAddress client)
    {
        lock (_open)
        {
            var open = _open.GetValueOrDefault(client) - 1;
            if (open <= 0)
            {
                _open.Remove(client);
            }
            else
            {
                _open[client] = open;
            }
        }
    }

    private sealed class Lease(ClientConnectionLimiter owner, IPAddress client) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(client);
            }
        }
    }
}
