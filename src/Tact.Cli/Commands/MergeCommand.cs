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
        var sources = new Argument<string[]>("dirs")
        {
            Description = "Result directories to merge",
            Arity = ArgumentArity.OneOrMore,
        };
        var outDir = new Option<string>("--out")
        {
            Description = "Directory of the merged store (created or extended)",
            Required = true,
        };
        var command = new Command("merge",
            "Combine result directories (e.g. the shards of a sweep) into one; runs are keyed by id, " +
            "so nothing is duplicated.");
        command.Arguments.Add(sources);
        command.Options.Add(outDir);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var dirs = r.GetValue(sources)!;
            var target = OutputDirectory.Check(r.GetValue(outDir));
            var inputs = dirs.Select(ResultStore.OpenExisting).ToList();   // all must exist before anything is written
            try
            {
                if (dirs.Any(d => Path.GetFullPath(d) == Path.GetFullPath(target)))
                    throw new ConfigException("--out must differ from the directories being merged");
                using var store = ResultStore.Open(target);
                for (int i = 0; i < inputs.Count; i++)
                {
                    var records = inputs[i].Load();
                    int added = store.MergeFrom(inputs[i]);
                    ui.Out.WriteLine($"{dirs[i]}: {records.Count} runs of " +
                        $"{string.Join(", ", records.Select(x => x.Config.Experiment).Distinct())}" +
                        $" ({added} added, {records.Count - added} already present)");
                }
                store.Export();
                var all = store.Load();
                ui.Out.WriteLine($"merged {dirs.Length} stores into {target}: {all.Count} runs in total");
                // A cell whose runs come from more than one configuration: the report uses one and lists the others.
                foreach (var cell in all.GroupBy(x => (x.Config.Experiment, x.Config.Label)))
                {
                    var keys = cell.GroupBy(x => x.Config.CellKey).ToList();
                    if (keys.Count > 1)
                        ui.Warning($"{cell.Key.Experiment} / {cell.Key.Label}: runs of {keys.Count} different " +
                            $"configurations " +
                            $"({string.Join(", ", keys.Select(k => $"{k.Count()} of {k.Key}"))}); tact report keeps " +
                                $"them apart and uses one");
                }
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
