using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tact.Checkpoints;
using Tact.Experiments;
using Tact.Experiments.Runs;
using Tact.Experiments.TrainedModels;

namespace Tact.Cli.Commands;

/// <summary>
/// <c>tact train</c>: one training run, with progress, a summary and optionally <c>metrics.json</c> and a checkpoint;
/// or, with <c>--resume</c>, more epochs from a checkpoint.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(ConsoleUi ui)
    {
        var options = new TrainingOptions();
        // Not required by the parser: --resume takes both from the checkpoint; without it they are checked below.
        options.Task.Required = false;
        var activation = new Option<string>("--activation")
        {
            Description = "Activation spec, e.g. relu or \"prelu(per=neuron)\"; " +
                "separate specs with ';' to give one per hidden layer",
        };
        var summary = new Option<bool>("--summary")
        {
            Description = "Print the model's layers, output shapes and parameter counts before training",
        };
        var save = new Option<string?>("--save")
        {
            Description = "Write the trained model to FILE.safetensors (weights and description; its optimiser " +
                "state beside it as FILE.safetensors.optim.pth)",
        };
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue training the model of a checkpoint (same task and data; --epochs more epochs, " +
                "default its own count; --lr and --data may change)",
        };
        var command = new Command("train",
            "Train a model on a task with the given activation and report test metrics.");
        command.Options.Add(activation);
        command.Options.Add(summary);
        command.Options.Add(save);
        command.Options.Add(resume);
        options.AddTo(command);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var from = r.GetValue(resume);
            var (config, epochsBefore) = from is null
                ? (options.ToConfig(r, Required(r, activation, options)), 0)
                : Resumed(r, from, options, activation);
            var run = SingleRun.Prepare(config);
            var outDir = options.CheckOut(r, "metrics.json");
            run.CheckData();
            var saveTo = CheckSave(r.GetValue(save), from, r.GetValue(options.Force));
            if (r.GetValue(summary)) PrintSummary(ui, run);
            if (from is not null && !File.Exists(Checkpoint.OptimizerPath(from)))
                ui.Out.WriteLine($"note: {from} has no optimiser state beside it; the optimiser starts afresh");
            var checkpointing = new RunCheckpointing
            {
                SaveTo = saveTo,
                SaveOptimizer = true,
                ResumeFrom = from,
                EpochsBefore = epochsBefore,
            };
            var record = RunProgress.Execute(ui, run, $"{run.Config.Task} / {run.Config.Label}", checkpointing);
            Summary(ui, record);
            if (outDir is not null) ui.Out.WriteLine($"wrote {SingleRun.WriteMetrics(record, outDir)}");
            if (record.Diverged)
            {
                ui.Error($"training diverged ({record.Divergence ?? "NaN or infinite loss"}) after " +
                    $"{record.Epochs.Count} epochs; try a smaller --lr" +
                    (saveTo is null ? "" : "; no checkpoint written"));
                return ExitCodes.Diverged;
            }
            if (saveTo is not null) ui.Out.WriteLine($"wrote {saveTo}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Required(ParseResult r, Option<string> activation, TrainingOptions options)
    {
        if (r.GetValue(options.Task) is null)
            throw new ConfigException("Option '--task' is required (or --resume FILE).");
        return r.GetValue(activation)
            ?? throw new ConfigException("Option '--activation' is required (or --resume FILE).");
    }

    /// <summary>The configuration of the checkpoint's run with the few options a resumed run may change.</summary>
    private static (RunConfig Config, int EpochsBefore) Resumed(ParseResult r, string path, TrainingOptions options,
        Option<string> activation)
    {
        Option[] fixedByCheckpoint = [activation, options.Task, options.Model, options.OutputActivation, options.Hidden,
            options.Optimizer, options.Loss, options.Seed, options.Dims, options.Window, options.TrainSize,
            options.TestSize, options.Validation, options.Batch];
        foreach (var option in fixedByCheckpoint)
            if (r.GetResult(option) is { Implicit: false })
                throw new ConfigException(
                    $"{option.Name} cannot change when resuming; the run's configuration comes from {path}");
        // Reading the whole checkpoint now finds a damaged file before any data is loaded.
        using var loaded = Checkpoint.Load(path);
        var config = RunCheckpoints.ConfigOf(path, loaded.Description);
        var training = config.Training;
        if (r.GetResult(options.Epochs) is { Implicit: false })
            training = training with { Epochs = r.GetValue(options.Epochs) };
        if (r.GetResult(options.Lr) is { Implicit: false })
            training = training with { LearningRate = r.GetValue(options.Lr) };
        var data = r.GetValue(options.Data) ?? config.TaskOptions.DataDir;
        config = config with { Training = training, TaskOptions = config.TaskOptions with { DataDir = data } };
        return (config, loaded.Description.EpochsTrained ?? 0);
    }

    private static string? CheckSave(string? path, string? resumedFrom, bool force)
    {
        if (path is null) return null;
        if (!path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            throw new ConfigException($"--save '{path}': checkpoints are .safetensors files; name it FILE.safetensors");
        if (Directory.Exists(path)) throw new ConfigException($"--save '{path}' is a directory; give a file name");
        bool same = resumedFrom is not null && Path.GetFullPath(resumedFrom) == Path.GetFullPath(path);
        if (File.Exists(path) && !force && !same)
            throw new ConfigException(
                $"'{path}' already exists; choose another --save or pass --force to overwrite it");
        return path;
    }

    private static void PrintSummary(ConsoleUi ui, SingleRun run)
    {
        var description = run.Summarize();
        var table = new Table().Title($"{run.Config.Model} on {run.Config.Task}")
            .AddColumns("layer", "type", "output shape")
            .AddColumn("parameters", c => c.RightAligned());
        foreach (var row in description.Rows)
            table.AddRow(Markup.Escape(row.Name), row.Type, $"[[{string.Join(", ", row.OutputShape.Skip(1))}]]",
                row.Parameters.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("", "", "total", description.TotalParameters.ToString("N0", CultureInfo.InvariantCulture));
        ui.Out.Write(table);
    }

    private static void Summary(ConsoleUi ui, RunRecord record)
    {
        var table = new Table().Title("test metrics").AddColumns("metric", "value");
        foreach (var (name, value) in record.Final) table.AddRow(name, Format.Number(value));
        table.AddRow("parameters", $"{record.Parameters.Total} ({record.Parameters.Activation} in activations)");
        table.AddRow("wall time", $"{record.WallSeconds:F1} s");
        ui.Out.Write(table);
        foreach (var a in record.Activations.Where(a => a.Formula.Length <= 400))
            ui.Out.WriteLine($"layer {a.Layer}: {a.Spec}{(a.Sets > 1 ? $" [{a.Sets} neurons]" : "")}: {a.Formula}");
    }
}
