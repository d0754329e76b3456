using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tact.Data.Fetch;
using Tact.Data.Info;
using Tact.Experiments;

namespace Tact.Cli.Commands;

/// <summary><c>tact data ...</c>: download data sets and describe data directories.</summary>
internal static class DataCommand
{
    public static Command Create(ConsoleUi ui)
    {
        var command = new Command("data", "Download data sets and describe data directories.");
        command.Subcommands.Add(Fetch(ui));
        command.Subcommands.Add(Info(ui));
        return command;
    }

    private static Command Info(ConsoleUi ui)
    {
        var dir = new Argument<string>("dir")
        {
            Description = "A data directory: IDX files, CIFAR-10 batches, SVHN .mat files or CSV",
        };
        var command = new Command("info",
            "Describe a data directory: format, counts, shapes, class histogram and the SHA-256 of each file.");
        command.Arguments.Add(dir);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var path = r.GetValue(dir)!;
            if (File.Exists(path))
                throw new ConfigException($"'{path}' is a file; tact data info describes a directory");
            if (!Directory.Exists(path)) throw new ConfigException($"'{path}' is not a directory");
            var info = DataInfo.Inspect(path);
            ui.Out.WriteLine($"{info.Directory}: {info.Format}");
            var parts = new Table().AddColumns("part", "samples", "sample shape", "class histogram");
            foreach (var p in info.Parts)
                parts.AddRow(p.Name, p.Count.ToString(CultureInfo.InvariantCulture), string.Join("x", p.SampleShape),
                    string.Join(" ", p.ClassHistogram.Select((c, k) =>
                        $"{(info.ClassNames is { } names && k < names.Count
                            ? names[k]
                            : k.ToString(CultureInfo.InvariantCulture))}:{c}")));
            ui.Out.Write(parts);
            var files = new Table().AddColumns("file", "bytes", "sha256");
            foreach (var f in info.Files)
                files.AddRow(Markup.Escape(f.Name), f.Bytes.ToString(CultureInfo.InvariantCulture), f.Sha256);
            ui.Out.Write(files);
            foreach (var problem in info.Problems)
            {
                ui.Out.WriteLine(Markup.Escape("problem: " + problem));
                ui.Warning(problem);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Fetch(ConsoleUi ui)
    {
        var name = new Argument<string>("name")
        {
            Description = "Data set: " + string.Join(", ", DataSource.Known.Select(s => s.Name)),
        };
        var to = new Option<string>("--to") { Description = "Directory to download into", Required = true };
        var mirror = new Option<string?>("--mirror")
        {
            Description = "Fetch each file from MIRROR/FILE instead of its upstream address",
        };
        var command = new Command("fetch",
            "Download a data set from its upstream address and verify the published checksum of every file. " +
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
            OutputDirectory.Check(r.GetValue(to), "--to");
            if (r.GetValue(mirror) is { } m && !(Uri.TryCreate(m, UriKind.Absolute, out var uri)
                && uri.Scheme is "http" or "https"))
                throw new ConfigException($"--mirror '{m}' is not an http or https URL");
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
            try
            {
                new DataFetcher(http)
                    .FetchAsync(source, r.GetValue(to)!, r.GetValue(mirror), line => ui.Out.WriteLine(line))
                    .GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is FetchException or HttpRequestException or TaskCanceledException
                or IOException
                or UnauthorizedAccessException or UriFormatException or InvalidOperationException)
            {
                // The network, the server, a mirror address or a conflicting file: nothing tact can do about it, and
                // nothing is half written (files are verified before they are renamed into place).
                ui.Error(e.Message);
                return ExitCodes.BadInput;
            }
            ui.Out.WriteLine($"{source.Name}: {source.Files.Count} files verified in {r.GetValue(to)}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
