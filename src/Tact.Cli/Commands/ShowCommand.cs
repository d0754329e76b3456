using System.CommandLine;
using Spectre.Console;
using Tact.Experiments.TrainedModels;

namespace Tact.Cli.Commands;

/// <summary>
/// <c>tact show FILE|SPEC</c>: a checkpoint's learned activations (formulas, and plots over the range their inputs had
/// beside the initial shape), or a spec's initial shape and formula.
/// </summary>
internal static class ShowCommand
{
    public static Command Create(ConsoleUi ui)
    {
        var what = new Argument<string>("file-or-spec")
        {
            Description = "A checkpoint (.safetensors) or an activation spec, e.g. \"vnn(basis=chebyshev, degree=5)\"",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Directory for the PNG plots (default for a checkpoint: FILE-show beside it; " +
                "for a spec: no plot)",
        };
        var command = new Command("show",
            "Show learned activations of a checkpoint, or what a spec looks like before training.");
        command.Arguments.Add(what);
        command.Options.Add(output);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var arg = r.GetValue(what)!;
            var dir = r.GetValue(output);
            if (dir is not null && File.Exists(dir))
                throw new Experiments.ConfigException($"--out '{dir}' is a file; give a directory");
            if (IsCheckpoint(arg))
            {
                var plots = dir ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(arg))!,
                    Path.GetFileNameWithoutExtension(arg) + "-show");
                var shown = ActivationShow.OfCheckpoint(arg, plots);
                ui.Plain.WriteLine($"{arg}: {shown.Count} activation module(s)");
                foreach (var a in shown) Print(ui, a);
                return ExitCodes.Ok;
            }
            var spec = ActivationShow.OfSpec(arg, dir);
            Print(ui, spec);
            var table = new Table().Title("initial shape").AddColumns("z", "f(z)");
            foreach (var (z, f) in spec.Samples) table.AddRow(Format.Number(z), Format.Number(f));
            ui.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    // A path that exists, or that looks like one, is a checkpoint; anything else is read as a spec.
    private static bool IsCheckpoint(string arg) =>
        File.Exists(arg) || Directory.Exists(arg) || arg.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
        || arg.EndsWith(".pth", StringComparison.OrdinalIgnoreCase);

    private static void Print(ConsoleUi ui, ShownActivation a)
    {
        var range = a.RangeSource switch
        {
            "inputs" => "the range of its test inputs",
            "designed" => "its designed range",
            _ => "a default range",
        };
        ui.Plain.WriteLine((a.Module.Length > 0 ? $"{a.Module}: " : "") + a.Spec);
        ui.Plain.WriteLine($"  {a.Formula.Replace("\n", "\n  ")}");
        ui.Plain.WriteLine($"  plotted on [{Format.Number(a.Low)}, {Format.Number(a.High)}], {range}" +
            (a.Plot is null ? "" : $": {a.Plot}"));
    }
}
