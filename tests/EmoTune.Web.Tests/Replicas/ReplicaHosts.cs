using EmoTune.Testing;
using EmoTune.Web.Tests.Profiles;

namespace EmoTune.Web.Tests.Replicas;

/// <summary>
/// Several in-memory app instances standing for replicas: one PostgreSQL database, optionally one Redis (with a key
/// prefix of their own), and each its own data folder, so nothing is shared through the local disk.
/// </summary>
internal sealed class ReplicaHosts : IDisposable
{
    private readonly List<TempFolder> _folders = [];

    private ReplicaHosts(IReadOnlyList<ProfileHost> hosts, List<TempFolder> folders)
    {
        Hosts = hosts;
        _folders = folders;
    }

    public IReadOnlyList<ProfileHost> Hosts { get; }

    public ProfileHost this[int index] => Hosts[index];

    public static ReplicaHosts Create(EmoTuneFactory factory, int count, string postgres, string? redis, IReadOnlyDictionary<string, string>? extra = null, string requireSignIn = "true")
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..8] + ":";
        var folders = new List<TempFolder>();
        var hosts = new List<ProfileHost>();
        for (var i = 0; i < count; i++)
        {
            var folder = TempFolder.Create();
            folders.Add(folder);
            var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Storage:Provider"] = "postgres",
                ["Storage:ConnectionString"] = postgres,
            };
            if (redis is not null)
            {
                settings["Redis:Configuration"] = redis;
                settings["Redis:KeyPrefix"] = prefix;
            }

            foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            {
                settings[key] = value;
            }

            hosts.Add(ProfileHost.Create(factory, requireSignIn: requireSignIn, databasePath: folder.Combine("emotune.db"), settings: settings));
        }

        return new ReplicaHosts(hosts, folders);
    }

    public void Dispose()
    {
        foreach (var host in Hosts)
        {
            host.Dispose();
        }

        foreach (var folder in _folders)
        {
            folder.Dispose();
        }
    }
}
