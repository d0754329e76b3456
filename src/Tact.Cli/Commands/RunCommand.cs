using System.CommandLine;
using Spectre.Console;
using Tact.Experiments.Grid;
using Tact.Experiments.Reports;
using Tact.Experiments.Runs;
using Tact.Experiments.Store;
using Tact.Experiments.Training;

namespace Tact.Cli.Commands;

/// <summary><c>tact run FILE.yaml</c>: a whole experiment grid into a result store, resumable and shardable.</summary>
internal static class RunCommand
{
    public static Command Create(ConsoleUi ui)
    {
        var file = new Argument<string>("file") { Description = "Experiment file (YAML); see docs/experiments.md" };
        var outDir = new Option<string?>("--out") { Description = "Results directory (default: results/NAME)" };
        var scale = new Option<string>("--scale")
        {
            Description = "full, or smoke to run the file's reduced version in seconds",
            DefaultValueFactory = _ => "full",
        };
        scale.AcceptOnlyFromAmong("full", "smoke");
        var shard = new Option<string>("--shard")
        {
            Description = "Run only shard i of n (i/n), e.g. for a Slurm job array",
            DefaultValueFactory = _ => "1/1",
        };
        var tensorboard = new Option<bool>("--tensorboard")
        {
            Description = "Also write TensorBoard scalars under DIR/tensorboard",
        };
        var report = new Option<bool>("--report")
        {
            Description = "Write DIR/report.md (as tact report DIR) when the grid is done",
        };
        var saveModels = new Option<bool>("--save-models")
        {
            Description = "Keep each trained model as DIR/checkpoints/RUNID.safetensors (see tact eval, predict, show)",
        };
        var command = new Command("run",
            "Run an experiment file: every activation x seed, skipping runs already in the results directory.");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { outDir, scale, shard, tensorboard, report, saveModels })
            command.Options.Add(o);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var spec = ExperimentFile.Load(r.GetValue(file)!);
            var plan = ExperimentPlan.Expand(spec, r.GetValue(scale) == "smoke" ? Scale.Smoke : Scale.Full);
            var part = Shard.Parse(r.GetValue(shard)!);
            var dir = OutputDirectory.Check(r.GetValue(outDir) ?? Path.Combine("results", spec.Name));
            var prepared = ExperimentRunner.Prepare(plan, part);   // every run checked before anything is written

            bool keep = r.GetValue(saveModels);
            using var store = ResultStore.Open(dir);
            GridSummary summary = default!;
            if (ui.Live)
            {
                ui.Out.Progress().AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                        new RemainingTimeColumn(), new SpinnerColumn())
                    .Start(ctx =>
                    {
                        var live = new LiveProgress(ctx, plan.For(part).Count);
                        IGridProgress progress = r.GetValue(tensorboard) ? new TensorBoardLog(dir, live) : live;
                        summary = ExperimentRunner.Run(plan, prepared, store, progress, saveModels: keep);
                    });
            }
            else
            {
                IGridProgress lines = new LineProgress(ui);
                IGridProgress shown = r.GetValue(tensorboard) ? new TensorBoardLog(dir, lines) : lines;
                summary = ExperimentRunner.Run(plan, prepared, store, shown, saveModels: keep);
            }
            ui.Out.Write(Summary(plan, store));
            ui.Plain.WriteLine($"{spec.Name} ({plan.Scale.ToString().ToLowerInvariant()}, " +
                $"shard {part.Index}/{part.Count}): " +
                $"{summary.Planned} runs, {summary.Skipped} already done, {summary.Trained} trained, " +
                $"{summary.Diverged} diverged; results in {dir}");
            if (r.GetValue(report)) ui.Plain.WriteLine($"wrote {Experiments.Reports.ReportWriter.Write(dir)}");
            // Runs of this shard that diverged, now or in an earlier invocation: a batch job must see them.
            var ids = prepared.Select(p => p.Config.Id).ToHashSet();
            int diverged = store.Load().Count(x => x.Diverged && ids.Contains(x.Id));
            if (diverged > 0)
            {
                ui.Error($"{diverged} of the shard's {ids.Count} runs diverged (see runs.csv); exit code " +
                    $"{ExitCodes.Diverged}");
                return ExitCodes.Diverged;
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// The headline metric per cell over the runs stored so far (diverged runs left out and counted).
    /// </summary>
    private static Table Summary(ExperimentPlan plan, ResultStore store)
    {
        var spec = plan.Spec;
        var keys = plan.CellKeys();
        // Only runs of the configuration each cell has now: runs of an edited experiment's earlier version are stale.
        var records = store.Load().Where(r => r.Config.Experiment == spec.Name
            && keys.GetValueOrDefault(r.Config.Label) == r.Config.CellKey).ToList();
        var beside = ReportWriter.Beside(spec.Metric, records);
        var table = new Table().Title(Markup.Escape($"{spec.Name}: test {spec.Metric}, mean ± std over seeds"))
            .AddColumns(beside is null
                ? ["cell", "runs", spec.Metric, "paper"]
                : ["cell", "runs", spec.Metric, beside, "paper"]);
        foreach (var cell in plan.Runs.Select(r => r.Label).Distinct())
        {
            var runs = records.Where(r => r.Config.Label == cell).ToList();
            List<double> Finished(string metric) =>
                runs.Where(r => !r.Diverged).Select(r => r.Final.GetValueOrDefault(metric, double.NaN)).ToList();
            int diverged = runs.Count(r => r.Diverged);
            var count = diverged > 0
                ? $"{runs.Count} ({diverged} diverged)"
                : runs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var paper = spec.PaperResults.TryGetValue(cell, out var p) ? Format.Number(p) : "–";
            table.AddRow(beside is null
                ? [Markup.Escape(cell), count, Format.MeanStd(Finished(spec.Metric)), paper]
                : [Markup.Escape(cell), count, Format.MeanStd(Finished(spec.Metric)),
                    Format.MeanStd(Finished(beside)), paper]);
        }
        return table;
    }

    /// <summary>One line per finished run, for logs and pipes.</summary>
    private sealed class LineProgress(ConsoleUi ui) : IGridProgress
    {
        private int _position, _count;

        public void RunStarted(RunConfig run, int position, int count) => (_position, _count) = (position, count);
        public void Epoch(EpochReport report, int epochs) { }
        public void Batch(int done, int total) { }

        public void RunFinished(RunRecord record) =>
            ui.Out.WriteLine($"[{_position + 1}/{_count}] {record.Config.Label} seed {record.Config.Training.Seed}: " +
                string.Join("  ", record.Final.Select(m => $"{m.Key} {Format.Number(m.Value)}")) +
                $"  ({record.WallSeconds:F1} s{(record.Diverged ? ", diverged" : "")})");
    }

    /// <summary>Two live bars: the grid, and the current run's epochs.</summary>
    private sealed class LiveProgress(ProgressContext ctx, int runs) : IGridProgress
    {
        private readonly ProgressTask _grid = ctx.AddTask("grid", maxValue: Math.Max(1, runs));
        private ProgressTask? _run;

        public void RunStarted(RunConfig run, int position, int count)
        {
            _grid.MaxValue = Math.Max(1, count);
            _grid.Description = $"grid {position + 1}/{count}";
            _run?.StopTask();
            _run = ctx.AddTask(Markup.Escape($"{run.Label} seed {run.Training.Seed}"), maxValue: run.Training.Epochs);
        }

        public void Epoch(EpochReport report, int epochs) => _run!.Value = report.Epoch;

        public void Batch(int done, int total)
        {
            if (_run is not null) _run.Value = Math.Floor(_run.Value) + (double)done / total;
        }

        public void RunFinished(RunRecord record)
        {
            _run!.Value = _run.MaxValue;
            _run.StopTask();
            _grid.Increment(1);
        }
    }
}
