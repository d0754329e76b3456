using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tact.Experiments.Runs;

namespace Tact.Cli.Commands;

/// <summary><c>tact train</c>: one training run, with progress, a summary and optionally <c>metrics.json</c>.</summary>
internal static class TrainCommand
{
    public static Command Create(ConsoleUi ui)
    {
        var options = new TrainingOptions();
        var activation = new Option<string>("--activation")
        {
            Description = "Activation spec, e.g. relu or \"prelu(per=neuron)\"; separate specs with ';' to give one per hidden layer",
            Required = true,
        };
        var summary = new Option<bool>("--summary") { Description = "Print the model's layers, output shapes and parameter counts before training" };
        var command = new Command("train", "Train a model on a task with the given activation and report test metrics.");
        command.Options.Add(activation);
        command.Options.Add(summary);
        options.AddTo(command);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var run = SingleRun.Prepare(options.ToConfig(r, r.GetValue(activation)!));
            var outDir = options.CheckOut(r, "metrics.json");
            run.CheckData();
            if (r.GetValue(summary)) PrintSummary(ui, run);
            var record = RunProgress.Execute(ui, run, $"{run.Config.Task} / {run.Config.Label}");
            Summary(ui, record);
            if (outDir is not null) ui.Out.WriteLine($"wrote {SingleRun.WriteMetrics(record, outDir)}");
            if (record.Diverged)
            {
                ui.Error($"training diverged ({record.Divergence ?? "NaN or infinite loss"}) after " +
                    $"{record.Epochs.Count} epochs; try a smaller --lr");
                return ExitCodes.Diverged;
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void PrintSummary(ConsoleUi ui, SingleRun run)
    {
        var description = run.Summarize();
        var table = new Table().Title($"{run.Config.Model} on {run.Config.Task}").AddColumns("layer", "type", "output shape")
            .AddColumn("parameters", c => c.RightAligned());
        foreach (var row in description.Rows)
            table.AddRow(Markup.Escape(row.Name), row.Type, $"[[{string.Join(", ", row.OutputShape.Skip(1))}]]", row.Parameters.ToString("N0", CultureInfo.InvariantCulture));
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
            ui.Out.WriteLine($"layer {a.Layer}: {a.Spec}: {a.Formula}");
    }
}
