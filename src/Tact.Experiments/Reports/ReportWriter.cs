using System.Globalization;
using System.Text;
using Tact.Experiments.Runs;
using Tact.Experiments.Store;

namespace Tact.Experiments.Reports;

/// <summary>
/// Writes <c>report.md</c> and the PNGs it links (in <c>plots/</c>) from the result store of a directory: per
/// experiment, a table of the headline metric (mean ± sample std over seeds, the paper's number, one-sided Welch
/// p-values against the baseline), the other metrics, learning curves, a bar chart, the learned activations, the
/// mean absolute change of component weights, and the input monitor's findings. Every file is written through a
/// temporary file and a rename.
/// </summary>
public static class ReportWriter
{
    /// <summary>Most cells whose activations are drawn per experiment (the first seed's run of each).</summary>
    public const int MaxActivationCells = 12;

    /// <summary>Most layers drawn per cell.</summary>
    public const int MaxActivationLayers = 3;

    /// <summary>Writes the report of <paramref name="directory"/>; returns the path of report.md.</summary>
    public static string Write(string directory)
    {
        using var store = ResultStore.OpenExisting(directory);
        var records = store.Load();
        if (records.Count == 0) throw new ConfigException($"no runs in '{directory}' yet; run an experiment first");
        var infos = store.Experiments().ToDictionary(e => e.Name);
        var plots = Path.Combine(directory, "plots");
        Directory.CreateDirectory(plots);

        var md = new StringBuilder();
        md.AppendLine("# Results").AppendLine();
        md.AppendLine($"{records.Count} runs from `{Path.GetFileName(Path.GetFullPath(directory))}`, " +
            $"tact {records[0].Version}. " +
            "Means and sample standard deviations are over seeds; p is the one-sided Welch t-test of " +
            "\"this cell is better than its baseline\"; " +
            "diverged runs are counted and left out of the statistics.").AppendLine();
        foreach (var group in records.GroupBy(r => r.Config.Experiment))
        {
            var info = infos.GetValueOrDefault(group.Key) ?? Guess(group.Key, group.ToList());
            Experiment(md, info, group.ToList(), plots);
        }
        var path = Path.Combine(directory, "report.md");
        ResultStore.WriteAtomically(path, md.ToString());
        return path;
    }

    /// <summary>How numbers appear in reports: 4 significant digits.</summary>
    public static string Number(double x) =>
        double.IsFinite(x) ? x.ToString("G4", CultureInfo.InvariantCulture) : x.ToString(CultureInfo.InvariantCulture);

    /// <summary>Mean ± std as the report prints it.</summary>
    public static string MeanStd(IReadOnlyList<double> values) =>
        values.Count == 0 ? "–"
            : values.Count == 1 ? Number(values[0])
            : $"{Number(Statistics.Mean(values))} ± {Number(Statistics.Std(values))}";

    private static void Experiment(StringBuilder md, ExperimentInfo info, List<RunRecord> runs, string plots)
    {
        md.AppendLine($"## {info.Name}").AppendLine();
        if (info.Paper.Length > 0) md.AppendLine($"*{info.Paper}*").AppendLine();
        if (info.Description.Length > 0) md.AppendLine(info.Description.Trim()).AppendLine();
        if (info.Scale == "smoke")
            md.AppendLine("> Smoke scale: a reduced run that checks the pipeline; " +
                "its numbers are not comparable with the paper's.").AppendLine();

        var order = (info.CellBaselines?.Keys ?? []).Concat(runs.Select(r => r.Config.Label)).Distinct().ToList();
        // Each cell's statistics come from runs of one configuration (its current key); runs of any other
        // configuration (an edited experiment rerun into the same directory, a merge of differing stores) are stale.
        var stale = new List<(string Cell, int Runs, string Key)>();
        var cells = new List<(string Cell, List<RunRecord> Runs)>();
        foreach (var c in order)
        {
            var all = runs.Where(r => r.Config.Label == c).ToList();
            if (all.Count == 0) continue;
            var key = info.CurrentKey(c, all);
            var current = all.Where(r => r.Config.CellKey == key).ToList();
            foreach (var other in all.Where(r => r.Config.CellKey != key).GroupBy(r => r.Config.CellKey))
                stale.Add((c, other.Count(), other.Key));
            if (current.Count > 0) cells.Add((c, current));
        }
        List<double> Values(List<RunRecord> rs, string metric) =>
            rs.Where(r => !r.Diverged).Select(r => r.Final.GetValueOrDefault(metric, double.NaN)).Where(double.IsFinite)
                .ToList();

        string better = info.LowerIsBetter ? "lower is better" : "higher is better";
        md.AppendLine($"Test {info.Metric} ({better}):").AppendLine();
        var beside = Beside(info.Metric, runs);
        md.AppendLine($"| activation | runs | {info.Metric} |{(beside is null ? "" : $" {beside} |")} paper | " +
            "parameters | seconds | baseline | p |");
        md.AppendLine($"|---|---:|---:|{(beside is null ? "" : "---:|")}---:|---:|---:|---|---:|");
        foreach (var (cell, cellRuns) in cells)
        {
            var values = Values(cellRuns, info.Metric);
            var baseline = info.BaselineOf(cell);
            var baseRuns = cells.FirstOrDefault(c => c.Cell == baseline).Runs ?? [];
            var p = cell == baseline
                ? null
                : Statistics.WelchOneSided(values, Values(baseRuns, info.Metric), info.LowerIsBetter);
            int diverged = cellRuns.Count(r => r.Diverged);
            var besideCell = beside is null ? "" : $" {MeanStd(Values(cellRuns, beside))} |";
            md.AppendLine($"| {Escape(cell)} | {cellRuns.Count}{(diverged > 0 ? $" ({diverged} diverged)" : "")} | " +
                $"{MeanStd(values)} |{besideCell} " +
                $"{(info.PaperResults.TryGetValue(cell, out var paper) ? Number(paper) : "–")} | " +
                $"{cellRuns[0].Parameters.Total} | " +
                $"{Number(cellRuns.Average(r => r.WallSeconds))} | " +
                $"{(cell == baseline ? "(baseline)" : Escape(baseline))} | " +
                $"{(p is double pv ? pv.ToString("0.###E+0", CultureInfo.InvariantCulture) : "–")} |");
        }
        md.AppendLine();
        if (stale.Count > 0)
        {
            md.AppendLine($"Excluded from every statistic: {stale.Sum(x => x.Runs)} stale runs, of configurations " +
                $"other than " +
                "the one each cell was last run with (the experiment was edited, or stores of different " +
                    "configurations were merged):").AppendLine();
            md.AppendLine("| activation | stale runs | configuration key |").AppendLine("|---|---:|---|");
            foreach (var (cell, count, key) in stale) md.AppendLine($"| {Escape(cell)} | {count} | `{key}` |");
            md.AppendLine();
        }

        var others = cells.SelectMany(c => c.Runs).SelectMany(r => r.Final.Keys).Distinct().Where(m
            => m != info.Metric).Order(StringComparer.Ordinal).ToList();
        if (others.Count > 0)
        {
            md.AppendLine("Other test metrics (mean over seeds):").AppendLine();
            md.AppendLine($"| activation | {string.Join(" | ", others)} |");
            md.AppendLine($"|---|{string.Concat(others.Select(_ => "---:|"))}");
            foreach (var (cell, cellRuns) in cells)
                md.AppendLine($"| {Escape(cell)} | {string.Join(" | ", others.Select(m =>
                    Values(cellRuns, m) is { Count: > 0 } v ? Number(v.Average()) : "–"))} |");
            md.AppendLine();
        }

        var slug = Slug(info.Name);
        ReportPlots.LearningCurves(Path.Combine(plots, $"{slug}-curves.png"), info.Metric, cells);
        ReportPlots.Bars(Path.Combine(plots, $"{slug}-bars.png"), info.Metric,
            cells.Select(c => (c.Cell, Statistics.Mean(Values(c.Runs, info.Metric)),
                Statistics.Std(Values(c.Runs, info.Metric)))).ToList(),
            cells.Select(c => info.BaselineOf(c.Cell)).Distinct().ToList() is [var shared] ? shared : null);
        md.AppendLine($"![learning curves](plots/{slug}-curves.png)").AppendLine();
        md.AppendLine($"![final {info.Metric}](plots/{slug}-bars.png)").AppendLine();

        WeightChanges(md, cells);
        Activations(md, cells, plots, slug);
        Monitor(md, cells);
    }

    private static void Activations(StringBuilder md, List<(string Cell, List<RunRecord> Runs)> cells, string plots,
        string slug)
    {
        var trained = cells.Where(c => c.Runs[0].Activations.Any(a => a.ParameterCount > 0)).Take(MaxActivationCells)
            .ToList();
        if (trained.Count == 0) return;
        md.AppendLine("### Learned activations").AppendLine();
        md.AppendLine($"The first seed's run of each cell (at most {MaxActivationCells} cells, " +
            $"{MaxActivationLayers} layers each): " +
            "dashed = initial, solid = learned; thin lines are sampled neurons, " +
            "the thick one the mean over all neurons.").AppendLine();
        foreach (var (cell, runs) in trained)
        {
            var run = runs.OrderBy(r => r.Config.Training.Seed).First();
            foreach (var layer in run.Activations.Where(a => a.ParameterCount > 0).Take(MaxActivationLayers))
            {
                var file = $"{slug}-{Slug(cell)}-layer{layer.Layer}.png";
                ReportPlots.Activation(Path.Combine(plots, file),
                    $"{cell}, layer {layer.Layer} (seed {run.Config.Training.Seed})", layer.Curves);
                md.AppendLine($"![{Escape(cell)} layer {layer.Layer}](plots/{file})").AppendLine();
            }
        }
    }

    private static void WeightChanges(StringBuilder md, List<(string Cell, List<RunRecord> Runs)> cells)
    {
        var rows = new List<string>();
        foreach (var (cell, runs) in cells)
            foreach (var layer in runs[0].Activations)
            {
                var columns = layer.MeanAbsChange.Where(kv => kv.Key.Contains('[')).ToList();
                if (columns.Count == 0) continue;
                // Average over seeds of the per-component mean absolute change.
                var averaged = columns.Select(kv =>
                    (kv.Key, runs.Average(r => r.Activations[layer.Layer].MeanAbsChange.GetValueOrDefault(kv.Key))));
                rows.Add($"| {Escape(cell)} | {layer.Layer} | {string.Join(", ", averaged.Select(a =>
                    $"{a.Key}: {a.Item2.ToString("0.##E+0", CultureInfo.InvariantCulture)}"))} |");
            }
        if (rows.Count == 0) return;
        md.AppendLine("### Mean absolute change of each component's weights").AppendLine();
        md.AppendLine("Over training, averaged over seeds (the WSGAF paper's figure); `weights[tanh]` is the weight " +
            "of the tanh component, `name[k]` column k of a parameter whose columns the family does not name.")
            .AppendLine();
        md.AppendLine("| activation | layer | change per component |").AppendLine("|---|---:|---|");
        foreach (var row in rows) md.AppendLine(row);
        md.AppendLine();
    }

    private static void Monitor(StringBuilder md, List<(string Cell, List<RunRecord> Runs)> cells)
    {
        var rows = new List<string>();
        foreach (var (cell, runs) in cells)
            foreach (var layer in runs[0].Activations)
            {
                long total = runs.Sum(r => r.Activations[layer.Layer].Monitor.Total);
                long outside = runs.Sum(r =>
                    r.Activations[layer.Layer].Monitor.Below + r.Activations[layer.Layer].Monitor.Above);
                long nonFinite = runs.Sum(r => r.Activations[layer.Layer].Monitor.NonFinite);
                if (layer.Monitor.DesignedLow is null && nonFinite == 0) continue;
                var range = layer.Monitor.DesignedLow is double lo
                    ? $"[{Number(lo)}, {Number(layer.Monitor.DesignedHigh!.Value)}]"
                    : "–";
                rows.Add($"| {Escape(cell)} | {layer.Layer} | {range} | " +
                    $"{(total > 0
                        ? (100.0 * outside / total).ToString("0.##", CultureInfo.InvariantCulture)
                        : "–")}% | {nonFinite} |");
            }
        if (rows.Count == 0) return;
        md.AppendLine("### Inputs outside the designed range").AppendLine();
        md.AppendLine("What each activation received on the test split, all seeds together.").AppendLine();
        md.AppendLine("| activation | layer | designed range | outside | NaN/Inf |")
            .AppendLine("|---|---:|---|---:|---:|");
        foreach (var row in rows) md.AppendLine(row);
        md.AppendLine();
    }

    /// <summary>
    /// The metric shown beside the headline one in a regression report: the MSE beside the relative L2 error (or any
    /// other regression metric), the relative L2 error beside the MSE; null for classification.
    /// </summary>
    public static string? Beside(string metric, IReadOnlyList<RunRecord> runs)
    {
        bool Has(string m) => runs.Any(r => r.Final.ContainsKey(m));
        if (!Has("mse")) return null;
        if (metric != "mse") return "mse";
        return Has("rel_l2") ? "rel_l2" : null;
    }

    private static ExperimentInfo Guess(string name, List<RunRecord> runs)
    {
        string metric = runs[0].Final.ContainsKey("accuracy") ? "accuracy" : "rel_l2";
        return new ExperimentInfo(name, "", "", metric, metric != "accuracy", runs[0].Config.Label,
            new Dictionary<string, double>(), "full");
    }

    private static string Escape(string text) => text.Replace("|", "\\|");

    private static string Slug(string text)
    {
        var slug = new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
        while (slug.Contains("--")) slug = slug.Replace("--", "-");
        return slug.Trim('-');
    }
}
