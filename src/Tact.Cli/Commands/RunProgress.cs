using Spectre.Console;
using Tact.Experiments.Runs;

namespace Tact.Cli.Commands;

/// <summary>
/// Runs one <see cref="SingleRun"/> with a live progress bar (epochs, ETA) on a terminal, or a line every few
/// epochs when output is redirected.
/// </summary>
internal static class RunProgress
{
    public static RunRecord Execute(ConsoleUi ui, SingleRun run, string title, RunCheckpointing? checkpointing = null)
    {
        int epochs = run.Config.Training.Epochs;
        if (!ui.Live)
        {
            int every = Math.Max(1, epochs / 5);
            return run.Execute(onEpoch: e =>
            {
                if (e.Epoch % every == 0 || e.Epoch == epochs)
                    ui.Out.WriteLine($"{title}: epoch {e.Epoch}/{epochs}  train loss {Format.Number(e.TrainLoss)}" +
                        (e.ValidationLoss is double v ? $"  validation loss {Format.Number(v)}" : "") +
                        $"  test loss {Format.Number(e.TestLoss)}");
            }, checkpointing: checkpointing);
        }

        RunRecord? record = null;
        ui.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: epochs);
                record = run.Execute(
                    onEpoch: e =>
                    {
                        task.Value = e.Epoch;
                        task.Description = Markup.Escape($"{title}  test loss {Format.Number(e.TestLoss)}");
                    },
                    onBatch: (b, n) => task.Value = Math.Floor(task.Value) + (double)b / n,
                    checkpointing: checkpointing);
                task.Value = epochs;
            });
        return record!;
    }
}

/// <summary>How numbers are printed; the same text the JSON numbers round to.</summary>
internal static class Format
{
    public static string Number(double x) =>
        double.IsFinite(x)
            ? x.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)
            : x.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Mean, and ± sample standard deviation when there are two values or more.</summary>
    public static string MeanStd(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return "–";
        double mean = values.Average();
        if (values.Count < 2) return Number(mean);
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return $"{Number(mean)} ± {Number(std)}";
    }
}
