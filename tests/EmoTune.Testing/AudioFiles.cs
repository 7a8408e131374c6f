using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EmoTune.Testing;

/// <summary>Writes test audio with Debian's <c>ffmpeg</c> (lavfi generators); fails clearly when ffmpeg is missing.</summary>
public static class AudioFiles
{
    /// <summary>Runs <c>ffmpeg -f lavfi -i SOURCE -t SECONDS [extra] OUTPUT</c>; extra output options such as <c>-metadata title=X</c>.</summary>
    public static async Task GenerateAsync(string output, string lavfiSource, double seconds, params string[] extra)
    {
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", lavfiSource, "-t", seconds.ToString(CultureInfo.InvariantCulture) };
        args.AddRange(extra);
        args.Add(output);
        await RunAsync(args);
    }

    /// <summary>A mono sine at <paramref name="hz"/> with peak <paramref name="amplitude"/> (lavfi source).</summary>
    public static string Sine(double hz, double amplitude = 0.5) =>
        string.Create(CultureInfo.InvariantCulture, $"aevalsrc={amplitude}*sin(2*PI*{hz}*t):s=22050:c=mono");

    /// <summary>A click track: 15 ms bursts of a 1 kHz tone at <paramref name="bpm"/> (lavfi source).</summary>
    public static string ClickTrack(double bpm)
    {
        var period = 60 / bpm;
        return string.Create(CultureInfo.InvariantCulture, $"aevalsrc=if(lt(mod(t\\,{period})\\,0.015)\\,0.8*sin(2*PI*1000*t)\\,0):s=22050:c=mono");
    }

    /// <summary>
    /// A chord progression: each chord (frequencies in Hz) held for <paramref name="secondsPerChord"/>, the whole
    /// progression looping (lavfi source). Each voice is a sine with its second harmonic, at equal loudness.
    /// </summary>
    public static string Progression(double secondsPerChord, params double[][] chords)
    {
        var voices = chords.Max(c => c.Length);
        var cycle = secondsPerChord * chords.Length;
        var terms = new List<string>();
        for (var v = 0; v < voices; v++)
        {
            // Piecewise frequency of voice v: if(lt(mod(t,cycle),1*s), f0, if(lt(..,2*s), f1, ... fn)).
            var expr = new StringBuilder();
            for (var c = 0; c < chords.Length; c++)
            {
                var f = chords[c][Math.Min(v, chords[c].Length - 1)].ToString(CultureInfo.InvariantCulture);
                if (c < chords.Length - 1)
                {
                    expr.Append(CultureInfo.InvariantCulture, $"if(lt(mod(t\\,{cycle})\\,{(c + 1) * secondsPerChord})\\,{f}\\,");
                }
                else
                {
                    expr.Append(f);
                }
            }

            expr.Append(')', chords.Length - 1);
            terms.Add($"0.15*sin(2*PI*{expr}*t)+0.05*sin(4*PI*{expr}*t)");
        }

        return $"aevalsrc={string.Join("+", terms)}:s=22050:c=mono";
    }

    private static async Task RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("ffmpeg is not installed (the library tests generate audio with it): run scripts/bootstrap.sh or sudo apt-get install ffmpeg.", ex);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await stderr}");
            }
        }
    }
}
