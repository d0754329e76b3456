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
/// <param name="CellBaselines">For each cell label, the label of the cell it is tested against (a cell may name its own).</param>
public sealed record ExperimentInfo(string Name, string Description, string Paper, string Metric, bool LowerIsBetter,
    string Baseline, IReadOnlyDictionary<string, double> PaperResults, string Scale,
    IReadOnlyDictionary<string, string>? CellBaselines = null)
{
    /// <summary>The label of the cell <paramref name="cell"/> is tested against.</summary>
    public string BaselineOf(string cell) => CellBaselines?.GetValueOrDefault(cell) ?? Baseline;
}
