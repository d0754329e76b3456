using System.CommandLine;
using Spectre.Console;
using Tact.Experiments;
using Tact.Experiments.TrainedModels;

namespace Tact.Cli.Commands;

/// <summary><c>tact predict FILE --input X</c>: a saved model's predictions for a CSV or a data directory.</summary>
internal static class PredictCommand
{
    public static Command Create(ConsoleUi ui)
    {
        var file = new Argument<string>("file") { Description = "A checkpoint (.safetensors)" };
        var input = new Option<string>("--input")
        {
            Description = "A CSV with one sample per row (optional header; raw values, the recorded standardisation " +
                "is applied) or a data directory the model's task reads (its test split)",
            Required = true,
        };
        var output = new Option<string?>("--out")
        {
            Description = "Write the predictions CSV here (default: standard output)",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --out file" };
        var command = new Command("predict", "Predict with a saved model: CSV columns class, p_0..p_{k-1} for " +
            "classification, output_0.. for regression and reconstruction.");
        command.Arguments.Add(file);
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var target = r.GetValue(output);
            if (target is not null && Directory.Exists(target))
                throw new ConfigException($"--out '{target}' is a directory; give a file name");
            if (target is not null && File.Exists(target) && !r.GetValue(force))
                throw new ConfigException(
                    $"'{target}' already exists; choose another --out or pass --force to overwrite it");
            var table = CheckpointPredictions.Predict(r.GetValue(file)!, r.GetValue(input)!);
            if (target is null)
            {
                table.WriteCsv(ui.Plain);
                return ExitCodes.Ok;
            }
            table.WriteCsv(target);
            ui.Out.WriteLine($"wrote {table.Rows.Count} predictions to {target}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
