using System.CommandLine;
using EmoTune.Web.Hosting;
using Microsoft.Extensions.Hosting;

namespace EmoTune.Cli.Commands;

/// <summary><c>emotune serve</c>: the web app (page, HTTP API, frame stream) on http://127.0.0.1:5000 by default.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:5000; anything beyond loopback is warned about)" };
        var model = new Option<string?>("--model") { Description = "Emotion model (.onnx); default: the shipped models/emotune-fer2013.onnx" };
        var camera = new Option<string?>("--camera")
        {
            Description = "Server-camera mode: capture a device index (0 = /dev/video0), a video file (looped) or a stream URL, and serve it annotated at /stream.mjpg",
        };
        var command = new Command("serve", "Start the EmoTune web app; extra ASP.NET Core settings pass through (e.g. --Vision:Detection:Detector=haar-alt2)")
        {
            urls, model, camera,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async c =>
            {
                var args = new List<string>(parse.UnmatchedTokens);
                if (parse.GetValue(urls) is { } u)
                {
                    args.Add($"--urls={u}");
                }

                if (parse.GetValue(model) is { } m)
                {
                    args.Add($"--Vision:ModelPath={m}");
                }

                if (parse.GetValue(camera) is { } source)
                {
                    args.Add($"--Camera:Source={source}");
                }

                // A start-up failure (bad option, camera not there) becomes the one "emotune: error:" line below; the
                // host's own "Hosting failed to start" log would repeat it with a stack trace.
                args.Insert(0, "--Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host=Critical");
                var app = EmoTuneWebApp.Create([.. args]);
                await app.StartAsync(c);
                await app.WaitForShutdownAsync(c);
                return CommandRunner.Ok;
            },
            ct));
        return command;
    }
}
