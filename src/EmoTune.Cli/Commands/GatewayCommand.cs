using System.CommandLine;
using System.Globalization;
using EmoTune.Web.Gateway;
using Microsoft.Extensions.Hosting;

namespace EmoTune.Cli.Commands;

/// <summary>
/// <c>emotune gateway</c>: YARP in front of EmoTune replicas on http://127.0.0.1:5080 by default, with active health
/// checks and WebSocket pass-through (see <see cref="EmoTuneGateway"/>).
/// </summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var replicas = new Option<string[]>("--replica")
        {
            Description = "A replica's base address (repeat for each), e.g. --replica http://127.0.0.1:5081",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.OneOrMore,
            Required = true,
        };
        var interval = new Option<int?>("--health-interval") { Description = "Seconds between two health checks of each replica (default 2)" };
        var command = new Command("gateway", "Start a gateway (YARP) in front of EmoTune replicas; extra ASP.NET Core settings pass through")
        {
            urls, replicas, interval,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async c =>
            {
                var args = new List<string>(parse.UnmatchedTokens) { $"--urls={parse.GetValue(urls)}" };
                var addresses = parse.GetValue(replicas) ?? [];
                for (var i = 0; i < addresses.Length; i++)
                {
                    args.Add(string.Create(CultureInfo.InvariantCulture, $"--Gateway:Replicas:{i}={addresses[i]}"));
                }

                if (parse.GetValue(interval) is { } seconds)
                {
                    args.Add(string.Create(CultureInfo.InvariantCulture, $"--Gateway:HealthCheckSeconds={seconds}"));
                }

                args.Insert(0, "--Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host=Critical");
                var app = EmoTuneGateway.Create([.. args]);
                await app.StartAsync(c);
                await app.WaitForShutdownAsync(c);
                return CommandRunner.Ok;
            },
            ct));
        return command;
    }
}
