using Microsoft.Playwright;

namespace EmoTune.E2E.Tests;

/// <summary>
/// Collects what reaches a page's console as an error, and uncaught exceptions. Chromium's own log lines for a request
/// that got no answer at all ("Failed to load resource: net::ERR_CONNECTION_REFUSED") and for a WebSocket that failed
/// ("WebSocket connection to … failed", refused or unreachable) are left out: no page can silence them, and while the
/// server is down every retry writes one. A fetch answered with an error status (a 404) still counts.
/// </summary>
internal sealed class PageErrors
{
    private readonly List<string> _errors = [];

    private PageErrors(IPage page)
    {
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !Unanswered(m.Text))
            {
                Add("console: " + m.Text);
            }
        };
        page.PageError += (_, e) => Add("uncaught: " + e);
    }

    /// <summary>Starts collecting (before the page is opened, to see its load).</summary>
    public static PageErrors Watch(IPage page) => new(page);

    /// <summary>The errors so far, one per line, or empty.</summary>
    public string Text
    {
        get
        {
            lock (_errors)
            {
                return string.Join('\n', _errors);
            }
        }
    }

    private void Add(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }

    private static bool Unanswered(string text) =>
        text.StartsWith("Failed to load resource: net::", StringComparison.Ordinal)
        || (text.StartsWith("WebSocket connection to ", StringComparison.Ordinal) && text.Contains(" failed", StringComparison.Ordinal));
}
