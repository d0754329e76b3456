using System.CommandLine;
using Spectre.Console;
using Tact.Experiments.Reports;

namespace Tact.Cli.Commands;

/// <summary><c>tact report DIR</c>: report.md with tables, p-values and plots from a results directory.</summary>
internal static class ReportCommand
{
    public static Command Create(ConsoleUi ui)
    {
        var dir = new Argument<string>("dir") { Description = "Results directory written by tact run (or tact merge)" };
        var command = new Command("report",
            "Write DIR/report.md and its plots: mean ± std per activation over seeds, " +
            "the papers' numbers, Welch t-tests, learning curves and learned activations.");
        command.Arguments.Add(dir);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            ui.Out.WriteLine($"wrote {ReportWriter.Write(r.GetValue(dir)!)}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
