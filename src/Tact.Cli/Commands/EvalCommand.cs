using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tact.Experiments.Runs;
using Tact.Experiments.TrainedModels;

namespace Tact.Cli.Commands;

/// <summary>
/// <c>tact eval FILE</c>: the test metrics of a saved model on its task, beside those recorded in training.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(ConsoleUi ui)
    {
        var file = new Argument<string>("file")
        {
            Description = "A checkpoint (.safetensors) written by tact train --save or tact run --save-models",
        };
        var data = new Option<string?>("--data")
        {
            Description = "The task's data directory (or file), if not where it was during training",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print {\"metrics\": {...}, \"recorded\": {...}, ...} as JSON",
        };
        var command = new Command("eval",
            "Evaluate a saved model on the test split of its task, prepared as in training.");
        command.Arguments.Add(file);
        command.Options.Add(data);
        command.Options.Add(json);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var result = RunCheckpoints.Evaluate(r.GetValue(file)!, r.GetValue(data));
            if (r.GetValue(json))
            {
                ui.Plain.WriteLine(JsonSerializer.Serialize(new
                {
                    file = result.Path,
                    task = result.Task,
                    loss = result.Loss,
                    metrics = result.Metrics,
                    recorded = result.Recorded,
                }, SingleRun.Json));
                return ExitCodes.Ok;
            }
            var table = new Table().Title(Markup.Escape($"{result.Path} on {result.Task}: test metrics"))
                .AddColumns("metric", "now", "recorded in training");
            table.AddRow("loss", Format.Number(result.Loss), "");
            foreach (var (name, value) in result.Metrics)
            {
                var recorded = result.Recorded?.TryGetValue(name, out var old) == true ? Format.Number(old) : "–";
                table.AddRow(name, Format.Number(value), recorded);
            }
            ui.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
