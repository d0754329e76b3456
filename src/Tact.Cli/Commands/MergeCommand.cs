using System.CommandLine;
using Spectre.Console;
using Tact.Experiments;
using Tact.Experiments.Store;

namespace Tact.Cli.Commands;

/// <summary><c>tact merge DIR... --out DIR</c>: combines result stores (e.g. the shards of a sweep).</summary>
internal static class MergeCommand
{
    public static Command Create(ConsoleUi ui)
    {
        var sources = new Argument<string[]>("dirs") { Description = "Result directories to merge", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Directory of the merged store (created or extended)", Required = true };
        var command = new Command("merge", "Combine result directories (e.g. the shards of a sweep) into one; runs are keyed by id, so nothing is duplicated.");
        command.Arguments.Add(sources);
        command.Options.Add(outDir);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var dirs = r.GetValue(sources)!;
            var target = r.GetValue(outDir)!;
            var inputs = dirs.Select(ResultStore.OpenExisting).ToList();   // all must exist before anything is written
            try
            {
                if (dirs.Any(d => Path.GetFullPath(d) == Path.GetFullPath(target)))
                    throw new ConfigException("--out must differ from the directories being merged");
                using var store = ResultStore.Open(target);
                int added = inputs.Sum(store.MergeFrom);
                store.Export();
                ui.Out.WriteLine($"merged {dirs.Length} stores into {target}: {added} runs added, {store.Ids().Count} in total");
            }
            finally
            {
                foreach (var s in inputs) s.Dispose();
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
