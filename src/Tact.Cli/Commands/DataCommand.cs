using System.CommandLine;
using Spectre.Console;
using Tact.Data.Fetch;
using Tact.Experiments;

namespace Tact.Cli.Commands;

/// <summary><c>tact data ...</c>: download data sets and describe data directories.</summary>
internal static class DataCommand
{
    public static Command Create(ConsoleUi ui)
    {
        var command = new Command("data", "Download data sets and describe data directories.");
        command.Subcommands.Add(Fetch(ui));
        return command;
    }

    private static Command Fetch(ConsoleUi ui)
    {
        var name = new Argument<string>("name") { Description = "Data set: " + string.Join(", ", DataSource.Known.Select(s => s.Name)) };
        var to = new Option<string>("--to") { Description = "Directory to download into", Required = true };
        var mirror = new Option<string?>("--mirror") { Description = "Fetch each file from MIRROR/FILE instead of its upstream address" };
        var command = new Command("fetch", "Download a data set from its upstream address and verify the published checksum of every file. " +
            "An existing file with another checksum is never overwritten.");
        command.Arguments.Add(name);
        command.Options.Add(to);
        command.Options.Add(mirror);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            DataSource source;
            try
            {
                source = DataSource.Find(r.GetValue(name)!);
            }
            catch (ArgumentException e)
            {
                throw new ConfigException(e.Message);
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
            try
            {
                new DataFetcher(http).FetchAsync(source, r.GetValue(to)!, r.GetValue(mirror), line => ui.Out.WriteLine(line))
                    .GetAwaiter().GetResult();
            }
            catch (FetchException e)
            {
                // The network, the server or a conflicting file: not a malformed command, so exit 1.
                ui.Error(e.Message);
                return ExitCodes.Failure;
            }
            ui.Out.WriteLine($"{source.Name}: {source.Files.Count} files verified in {r.GetValue(to)}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
