using System.Globalization;

namespace EmoTune.Cli.Commands;

/// <summary>The CPU one process (a replica, the gateway) used during one case of <c>bench loopback --target</c>, in % of one core.</summary>
internal sealed record ProcessCpu(int Streams, int Pid, double PercentOfOneCore)
{
    // Linux reports utime and stime in clock ticks of USER_HZ, 100 on every Linux ABI .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU seconds of <paramref name="pid"/> so far, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
    public static double ReadSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");

        // Fields after the command name (which may hold spaces, inside parentheses): state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
