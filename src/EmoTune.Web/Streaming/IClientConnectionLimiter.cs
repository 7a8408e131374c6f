using System.Net;

namespace EmoTune.Web.Streaming;

/// <summary>
/// Counts the WebSockets each client (IP address) holds open and refuses one over <see cref="Hosting.WebOptions.MaxWebSocketsPerClient"/>:
/// in process (<see cref="ClientConnectionLimiter"/>) on one machine, in Redis (<see cref="Replicas.RedisConnectionLimiter"/>)
/// across replicas.
/// </summary>
public interface IClientConnectionLimiter
{
    /// <summary>A lease to dispose when the connection ends, or null when <paramref name="client"/> is at its limit.</summary>
    ValueTask<IDisposable?> TryAcquireAsync(IPAddress client, CancellationToken ct);

    /// <summary>How many connections <paramref name="client"/> holds open now.</summary>
    ValueTask<int> OpenForAsync(IPAddress client, CancellationToken ct);
}
