using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tact.Experiments.Runs;

namespace Tact.Cli.Commands;

/// <summary>
/// <c>tact compare</c>: trains the same network with several activations (and seeds) and prints one table
/// with the mean and standard deviation of each test metric.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(ConsoleUi ui)
    {
        var options = new TrainingOptions();
        var activations = new Option<string[]>("--activation")
        {
            Description = "An activation spec to compare; repeat the option for each candidate",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var seeds = new Option<int>("--seeds")
        {
            Description = "Runs per activation, with seeds seed, seed+1, ...",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("compare",
            "Train the same MLP with several activations and compare their test metrics.");
        command.Options.Add(activations);
        command.Options.Add(seeds);
        options.AddTo(command);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            int seedCount = r.GetValue(seeds);
            if (seedCount < 1) throw new Experiments.ConfigException($"--seeds must be >= 1, got {seedCount}");
            long firstSeed = r.GetValue(options.Seed);
            double planned = (double)seedCount * r.GetValue(activations)!.Length;
            if (planned > Experiments.Grid.ExperimentPlan.MaxRuns)
                throw new Experiments.ConfigException($"{planned:G4} runs (activations x --seeds); at most " +
                    $"{Experiments.Grid.ExperimentPlan.MaxRuns}");
            if (firstSeed > long.MaxValue - seedCount) throw new Experiments.ConfigException($"--seed {firstSeed} + " +
                $"--seeds {seedCount} overflows");
            var runs = r.GetValue(activations)!
                .SelectMany(a => Enumerable.Range(0, seedCount)
                    .Select(s => SingleRun.Prepare(options.ToConfig(r, a, firstSeed + s))))
                .ToList();
            var outDir = options.CheckOut(r, "compare.json");
            foreach (var run in runs.DistinctBy(x => x.DataKey)) run.CheckData();

            var records = new List<RunRecord>();
            for (int i = 0; i < runs.Count; i++)
                records.Add(RunProgress.Execute(ui, runs[i],
                    $"[{i + 1}/{runs.Count}] {runs[i].Config.Label} (seed {runs[i].Config.Training.Seed})"));

            ui.Out.Write(Table(records));
            if (outDir is not null)
            {
                Directory.CreateDirectory(outDir);
                var path = Path.Combine(outDir, "compare.json");
                File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(records, SingleRun.Json));
                File.Move(path + ".tmp", path, overwrite: true);
                ui.Out.WriteLine($"wrote {path}");
            }
            return records.Any(x => x.Diverged) ? ExitCodes.Diverged : ExitCodes.Ok;
        }));
        return command;
    }

    private static Table Table(List<RunRecord> records)
    {
        var metrics = records.SelectMany(r => r.Final.Keys).Distinct().ToList();
        var table = new Table().Title($"test metrics, mean ± std over seeds ({records[0].Config.Task})");
        table.AddColumn("activation");
        foreach (var m in metrics) table.AddColumn(new TableColumn(m).RightAligned());
        table.AddColumn(new TableColumn("params").RightAligned());
        table.AddColumn(new TableColumn("seconds").RightAligned());
        foreach (var group in records.GroupBy(r => r.Config.Label))
        {
            var row = new List<string> { Markup.Escape(group.Key) };
            foreach (var m in metrics)
                row.Add(Format.MeanStd(group.Select(r => r.Final.GetValueOrDefault(m, double.NaN)).ToList()));
            row.Add(group.First().Parameters.Total.ToString(System.Globalization.CultureInfo.InvariantCulture));
            row.Add(group.Average(r => r.WallSeconds)
                .ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
            if (group.Any(r => r.Diverged)) row[0] += " (diverged)";
            table.AddRow(row.ToArray());
        }
        return table;
    }
}
