using System.Globalization;
using System.Text.RegularExpressions;

namespace EmoTune.Web.Tests;

/// <summary>
/// A strict little reader of the Prometheus text format 0.0.4, line by line: every line must be a <c># HELP</c>, a
/// <c># TYPE</c> or a sample of a family whose TYPE came before it; anything else fails the test, naming the line.
/// </summary>
internal static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public string? this[string label] => Labels.GetValueOrDefault(label);
    }

    public sealed record Scrape(IReadOnlyList<Sample> Samples, IReadOnlyDictionary<string, string> Types)
    {
        /// <summary>The value of the one sample with this name and these labels (exactly), or 0 when there is none yet.</summary>
        public double Value(string name, params (string Key, string Value)[] labels)
        {
            var matches = Samples.Where(s => string.Equals(s.Name, name, StringComparison.Ordinal) && s.Labels.Count == labels.Length && labels.All(l => s[l.Key] == l.Value)).ToList();
            Assert.True(matches.Count <= 1, $"{matches.Count} samples of {name} with the same labels");
            return matches.Count == 0 ? 0 : matches[0].Value;
        }
    }

    public static Scrape Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text[..^1].Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1}: '{line}'";
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.Matches(HelpLine(), line);
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var type = TypeLine().Match(line);
                Assert.True(type.Success, where);
                Assert.True(types.TryAdd(type.Groups[1].Value, type.Groups[2].Value), $"family declared twice at {where}");
            }
            else
            {
                var sample = SampleLine().Match(line);
                Assert.True(sample.Success, $"not a sample at {where}");
                var name = sample.Groups[1].Value;
                Assert.True(types.ContainsKey(Family(name, types)), $"no # TYPE before {where}");
                samples.Add(new Sample(name, Labels(sample.Groups[2].Value, where), Number(sample.Groups[3].Value, where)));
            }
        }

        return new Scrape(samples, types);
    }

    /// <summary>The family a sample belongs to: histograms write name_bucket, name_sum and name_count.</summary>
    private static string Family(string name, Dictionary<string, string> types)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.GetValueOrDefault(name[..^suffix.Length]) == "histogram")
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private static Dictionary<string, string> Labels(string text, string where)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text.Length == 0)
        {
            return labels;
        }

        var matches = Label().Matches(text);
        Assert.Equal(text, string.Join(',', matches.Select(m => m.Value)));
        foreach (Match m in matches)
        {
            Assert.True(labels.TryAdd(m.Groups[1].Value, m.Groups[2].Value), $"label repeated at {where}");
        }

        return labels;
    }

    public static double Number(string text, string where = "") => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"not a number at {where}"),
    };

    [GeneratedRegex(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* \S.*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\\n]|\\[\\""n])*)""")]
    private static partial Regex Label();
}
