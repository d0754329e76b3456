namespace Tact.Experiments.Store;

/// <summary>What a report needs to know about an experiment besides its runs.</summary>
/// <param name="Name">Experiment name (the <c>name:</c> of its YAML file).</param>
/// <param name="Description">One paragraph: what it reproduces.</param>
/// <param name="Paper">The paper and table it reproduces, free text.</param>
/// <param name="Metric">The headline test metric, e.g. <c>rel_l2</c> or <c>accuracy</c>.</param>
/// <param name="LowerIsBetter">Whether smaller values of <paramref name="Metric"/> are better.</param>
/// <param name="Baseline">Label of the cell the others are tested against.</param>
/// <param name="PaperResults">The paper's value of the headline metric, by cell label, where it gives one.</param>
/// <param name="Scale">The scale it was run at: <c>full</c> or <c>smoke</c>.</param>
/// <param name="CellBaselines">For each cell label, the label of the cell it is tested against (a cell may name its
/// own).</param>
/// <param name="CellKeys">For each cell label, the <see cref="Runs.RunConfig.CellKey"/> of its configuration when the
/// experiment was last run: the runs a report's statistics use (null in stores written before keys were kept).</param>
public sealed record ExperimentInfo(string Name, string Description, string Paper, string Metric, bool LowerIsBetter,
    string Baseline, IReadOnlyDictionary<string, double> PaperResults, string Scale,
    IReadOnlyDictionary<string, string>? CellBaselines = null, IReadOnlyDictionary<string, string>? CellKeys = null)
{
    /// <summary>
    /// The configuration key whose runs describe <paramref name="cell"/>: the one recorded when the experiment was
    /// last run, else (in older stores) the key most of the cell's runs share, ties broken by the key's text.
    /// </summary>
    public string CurrentKey(string cell, IEnumerable<Runs.RunRecord> cellRuns) =>
        CellKeys?.GetValueOrDefault(cell) ?? cellRuns.GroupBy(r => r.Config.CellKey)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g
                => g.Key).FirstOrDefault() ?? "";

    /// <summary>The label of the cell <paramref name="cell"/> is tested against.</summary>
    public string BaselineOf(string cell) => CellBaselines?.GetValueOrDefault(cell) ?? Baseline;
}
