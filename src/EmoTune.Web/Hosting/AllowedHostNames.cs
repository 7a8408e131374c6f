using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EmoTune.Web.Hosting;

/// <summary>
/// The host names EmoTune answers to (the request's <c>Host</c>), for ASP.NET Core host filtering. Answering only to
/// its own names keeps out DNS rebinding: a page of another site whose name was re-pointed at this machine reaches
/// EmoTune with that site's name in <c>Host</c>.
/// </summary>
public static class AllowedHostNames
{
    /// <summary>Always allowed: a request naming them comes from this machine.</summary>
    public static IReadOnlyList<string> Loopback { get; } = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>
    /// <see cref="Loopback"/>, then <paramref name="configured"/> (<c>Web:AllowedHosts</c>, names separated by ';',
    /// <c>*.example.com</c> for subdomains, <c>*</c> for any) when set, else the hosts of the addresses EmoTune listens
    /// on: loopback adds nothing, an address or a name itself, and a wildcard (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>,
    /// <c>+</c>) the names of <paramref name="thisMachine"/>.
    /// </summary>
    public static IReadOnlyList<string> Resolve(string? configured, IEnumerable<string> urls, Func<IEnumerable<string>> thisMachine)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(thisMachine);
        var hosts = new List<string>(Loopback);
        var names = (configured ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length > 0)
        {
            hosts.AddRange(names);
        }
        else
        {
            foreach (var url in urls)
            {
                // Kestrel's wildcards (http://*:5000, http://+:5000) listen everywhere; Uri does not take them.
                var normalised = url.Trim().Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal);
                if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || Profiles.ProfileResolver.IsLoopbackUrl(url))
                {
                    continue;
                }

                var wildcard = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));
                hosts.AddRange(wildcard ? thisMachine() : [uri.Host]);
            }
        }

        return hosts.Where(h => h.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>This machine's name and the addresses of its network interfaces, as they appear in a <c>Host</c> header.</summary>
    public static IEnumerable<string> OfThisMachine()
    {
        var names = new List<string> { Dns.GetHostName() };
        try
        {
            foreach (var address in NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address))
            {
                // Without the IPv6 scope (…%eth0): a Host header never carries it.
                names.Add(address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{new IPAddress(address.GetAddressBytes())}]" : address.ToString());
            }
        }
        catch (NetworkInformationException)
        {
            // No interface list on this platform: the machine's name, the loopback names and Web:AllowedHosts remain.
        }

        return names;
    }
}
