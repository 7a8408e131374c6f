using System.Globalization;

namespace EmoTune.Cli.Commands;

/// <summary>
/// A one-line progress bar on standard error. When stderr is not a terminal (CI, nohup) it prints a plain line at most
/// every few seconds instead of redrawing, so logs stay readable.
/// </summary>
internal sealed class ConsoleProgressBar(string label) : IDisposable
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private long _lastPlainLine;
    private int _lastLength;

    public void Update(double fraction, string detail)
    {
        lock (_gate)
        {
            fraction = Math.Clamp(fraction, 0, 1);
            if (_interactive)
            {
                const int width = 28;
                var filled = (int)Math.Round(fraction * width);
                var line = string.Create(CultureInfo.InvariantCulture, $"{label} [{new string('#', filled)}{new string('.', width - filled)}] {fraction,6:P1} {detail}");
                var padded = line.Length < _lastLength ? line.PadRight(_lastLength) : line;
                _lastLength = line.Length;
                Console.Error.Write("\r" + padded);
            }
            else if (System.Diagnostics.Stopwatch.GetElapsedTime(_lastPlainLine).TotalSeconds >= 10 || fraction >= 1)
            {
                _lastPlainLine = System.Diagnostics.Stopwatch.GetTimestamp();
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {fraction:P1} {detail}"));
            }
        }
    }

    /// <summary>Ends the bar's line so the next output starts clean.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_interactive && _lastLength > 0)
            {
                Console.Error.WriteLine();
                _lastLength = 0;
            }
        }
    }

    public static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m") : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m{t.Seconds:00}s");
}
