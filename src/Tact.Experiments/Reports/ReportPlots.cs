using System.Globalization;
using ScottPlot;
using Tact.Experiments.Runs;

namespace Tact.Experiments.Reports;

/// <summary>The report's figures, drawn with ScottPlot and saved as PNG through a temporary file.</summary>
internal static class ReportPlots
{
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>
    /// The headline metric per epoch: mean over seeds per cell, with a band of one standard deviation.
    /// </summary>
    public static void LearningCurves(string path, string metric,
        IReadOnlyList<(string Cell, List<RunRecord> Runs)> cells)
    {
        var plot = new Plot();
        for (int c = 0; c < cells.Count; c++)
        {
            var runs = cells[c].Runs;
            int epochs = runs.Min(r => r.Epochs.Count);
            if (epochs == 0) continue;
            var xs = Enumerable.Range(1, epochs).Select(e => (double)e).ToArray();
            var values = Enumerable.Range(0, epochs)
                .Select(e => runs.Select(r => r.Epochs[e].TestMetrics.GetValueOrDefault(metric, double.NaN)).ToList())
                .ToList();
            var mean = values.Select(Statistics.Mean).ToArray();
            var std = values.Select(v => v.Count > 1 ? Statistics.Std(v) : 0).ToArray();
            var color = Palette.GetColor(c);
            if (runs.Count > 1)
            {
                var band = plot.Add.FillY(xs, mean.Zip(std, (m, s) => m - s).ToArray(),
                    mean.Zip(std, (m, s) => m + s).ToArray());
                band.FillColor = color.WithAlpha(0.2);
                band.LineWidth = 0;
            }
            var line = plot.Add.Scatter(xs, mean);
            line.Color = color;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = cells[c].Cell;
        }
        plot.Title($"test {metric} per epoch (mean ± std over seeds)");
        plot.XLabel("epoch");
        plot.YLabel(metric);
        plot.ShowLegend();
        Save(plot, path, 900, 500);
    }

    /// <summary>The final headline metric per cell: mean with an error bar of one standard deviation.</summary>
    public static void Bars(string path, string metric, IReadOnlyList<(string Cell, double Mean, double Std)> cells,
        string? baseline = null)
    {
        var plot = new Plot();
        for (int c = 0; c < cells.Count; c++)
        {
            var bar = plot.Add.Bar(c, cells[c].Mean, double.IsFinite(cells[c].Std) ? cells[c].Std : 0);
            bar.Color = Palette.GetColor(c);
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, cells.Count).Select(i => (double)i).ToArray(),
            cells.Select(c => c.Cell).ToArray());
        if (cells.Count > 4 || cells.Any(c => c.Cell.Length > 12))
        {
            // Long or many labels: slant them and reserve room below the axis.
            plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 30 + 6 * Math.Min(40, cells.Max(c => c.Cell.Length));
            // The first labels reach left of their bars by most of their length.
            plot.Axes.Left.MinimumSize = 5 * Math.Min(40, cells.Take(3).Max(c => c.Cell.Length));
        }
        var title = $"final test {metric} (mean ± std over seeds)";
        if (cells.FirstOrDefault(c => c.Cell == baseline) is { Cell: not null } b && double.IsFinite(b.Mean))
        {
            var line = plot.Add.HorizontalLine(b.Mean);
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Black.WithAlpha(0.6);
            title += $"; dashed: {baseline}";
        }
        plot.Axes.Margins(bottom: 0);
        if (ZoomedRange(cells) is var (low, high))
        {
            // Close values far from zero (accuracies of 0.9 and more) would be bars of equal height from zero; bars
            // below the zoomed axis (a cell far behind the rest) are cut at its foot and labelled with their value.
            plot.Axes.SetLimitsY(low, high);
            for (int c = 0; c < cells.Count; c++)
            {
                if (!(cells[c].Mean < low)) continue;
                var label = plot.Add.Text(cells[c].Mean.ToString("0.##", CultureInfo.InvariantCulture), c,
                    low + 0.04 * (high - low));
                label.LabelAlignment = Alignment.LowerCenter;
                label.LabelFontSize = 10;
            }
            title += "; the axis does not start at 0";
        }
        plot.Title(title);
        plot.YLabel(metric);
        Save(plot, path, Math.Max(900, 120 + 26 * cells.Count), 600);
    }

    // The y range of Bars. Bars from zero hide differences between values close together far from zero, so when at
    // least two thirds of the cells lie in the top quarter of the scale (mean >= 3/4 of the largest), the axis is
    // zoomed to the range of their means, widened by a tenth; otherwise null (bars from zero). Error bars reaching
    // beyond it are cut at the plot's edge.
    internal static (double Low, double High)? ZoomedRange(IReadOnlyList<(string Cell, double Mean, double Std)> cells)
    {
        var finite = cells.Where(c => double.IsFinite(c.Mean)).ToList();
        if (finite.Count < 2 || !(finite.Max(c => c.Mean) > 0)) return null;
        double high = finite.Max(c => c.Mean);
        var upper = finite.Where(c => c.Mean >= 0.75 * high).ToList();
        if (upper.Count < 2 || 3 * upper.Count < 2 * finite.Count) return null;
        double low = upper.Min(c => c.Mean);
        double margin = Math.Max(0.1 * (high - low), 1e-12);
        return (Math.Max(0, low - margin), high + margin);
    }

    /// <summary>
    /// One layer's activation, before (dashed) and after (solid) training: the sampled neurons thin, the mean over
    /// every neuron thick, on the range the layer's inputs covered on the test split.
    /// </summary>
    public static void Activation(string path, string title, ActivationCurves curves)
    {
        var plot = new Plot();
        int n = curves.Final.Length;
        for (int i = 0; i < n; i++)
        {
            bool mean = i == n - 1;
            var color = mean ? Colors.Black : Palette.GetColor(i);
            var before = plot.Add.Scatter(curves.Grid, curves.Initial[i]);
            before.Color = color.WithAlpha(mean ? 0.8 : 0.5);
            before.MarkerSize = 0;
            before.LineWidth = mean ? 2.5f : 1;
            before.LinePattern = LinePattern.Dashed;
            var after = plot.Add.Scatter(curves.Grid, curves.Final[i]);
            after.Color = color;
            after.MarkerSize = 0;
            after.LineWidth = mean ? 3 : 1.2f;
            if (mean)
            {
                before.LegendText = "initial (mean)";
                after.LegendText = "learned (mean)";
            }
            else if (n > 2) after.LegendText = $"neuron {curves.Sets[i]}";
        }
        plot.Title(title);
        plot.XLabel("z (range of the layer's test inputs)");
        plot.YLabel("f(z)");
        plot.ShowLegend();
        Save(plot, path, 700, 450);
    }

    private static void Save(Plot plot, string path, int width, int height)
    {
        var temp = path + ".tmp.png";
        plot.SavePng(temp, width, height);
        File.Move(temp, path, overwrite: true);
    }
}
