using System.Globalization;
using Tact.Experiments.Runs;
using Tact.Experiments.Store;

namespace Tact.Experiments.Grid;

/// <summary>The scale an experiment runs at.</summary>
public enum Scale
{
    /// <summary>As the file says.</summary>
    Full,
    /// <summary>With the file's <c>smoke</c> overrides, to run in seconds.</summary>
    Smoke,
}

/// <summary>
/// Which part of the runs this process takes: shard <see cref="Index"/> of <see cref="Count"/> (1-based).
/// </summary>
/// <param name="Index">1-based shard number.</param>
/// <param name="Count">Number of shards.</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>All runs.</summary>
    public static Shard All { get; } = new(1, 1);

    /// <summary>Parses <c>i/n</c> with 1 &lt;= i &lt;= n.</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 &&
            i >= 1 && i <= n)
            return new Shard(i, n);
        throw new ConfigException($"--shard expects i/n with 1 <= i <= n (e.g. 2/4), got '{text}'");
    }

    /// <summary>
    /// Whether the run at position <paramref name="position"/> (0-based, plan order) belongs to this shard.
    /// </summary>
    public bool Takes(int position) => position % Count == Index - 1;
}

/// <summary>
/// An experiment expanded into runs: every cell times every seed, in a fixed order (cells as listed, seeds
/// ascending), each with its stable id. A shard takes every n-th run of that order, so the shards of a plan
/// partition it whatever machine runs them.
/// </summary>
public sealed class ExperimentPlan
{
    /// <summary>Most runs a plan may hold (cells x seeds); larger plans are refused before they are built.</summary>
    public const int MaxRuns = 100_000;

    private ExperimentPlan(ExperimentSpec spec, Scale scale, IReadOnlyList<RunConfig> runs)
    {
        Spec = spec;
        Scale = scale;
        Runs = runs;
    }

    /// <summary>The experiment.</summary>
    public ExperimentSpec Spec { get; }

    /// <summary>The scale of the runs.</summary>
    public Scale Scale { get; }

    /// <summary>Every run of the plan, in order.</summary>
    public IReadOnlyList<RunConfig> Runs { get; }

    /// <summary>Expands <paramref name="spec"/> at <paramref name="scale"/>.</summary>
    public static ExperimentPlan Expand(ExperimentSpec spec, Scale scale)
    {
        var smoke = scale == Scale.Smoke ? spec.Smoke : new SmokeOverrides();
        var cells = smoke.MaxCells is int max ? spec.Cells.Take(max).ToList() : spec.Cells;
        // Baselines stay in a reduced grid, so reports can still test against them.
        var needed = cells.Select(c => c.Baseline ?? spec.Baseline).Distinct()
            .Where(b => cells.All(c => c.Label != b)).ToList();
        if (needed.Count > 0) cells = [.. spec.Cells.Where(c => needed.Contains(c.Label)), .. cells];
        int seeds = smoke.Seeds ?? spec.Seeds;
        var training = spec.Training with
        {
            Epochs = smoke.Epochs ?? spec.Training.Epochs,
            BatchSize = smoke.Batch ?? spec.Training.BatchSize,
        };
        var task = spec.TaskOptions with
        {
            TrainCount = smoke.TrainSize ?? spec.TaskOptions.TrainCount,
            TestCount = smoke.TestSize ?? spec.TaskOptions.TestCount,
        };
        var runs = new List<RunConfig>();
        foreach (var cell in cells)
            for (int s = 0; s < seeds; s++)
                runs.Add(new RunConfig
                {
                    Experiment = spec.Name,
                    Cell = cell.Label,
                    Task = spec.Task,
                    TaskOptions = cell.Dims is int dims ? task with { Dims = dims } : task,
                    Model = spec.Model,
                    Hidden = cell.Hidden ?? spec.Hidden,
                    Activations = cell.Activations,
                    OutputActivation = spec.OutputActivation,
                    Init = spec.Init,
                    GridInit = spec.GridInit,
                    Training = training with
                    {
                        Seed = spec.Training.Seed + s,
                        Penalty = cell.Regularizer ?? training.Penalty,
                    },
                });
        return new ExperimentPlan(spec, scale, runs);
    }

    /// <summary>The runs of one shard.</summary>
    public List<RunConfig> For(Shard shard) => Runs.Where((_, i) => shard.Takes(i)).ToList();

    /// <summary>What the report needs to know about this experiment.</summary>
    public ExperimentInfo Info() => new(Spec.Name, Spec.Description, Spec.Paper, Spec.Metric, Spec.LowerIsBetter,
        Spec.Baseline, Spec.PaperResults, Scale.ToString().ToLowerInvariant(),
        Spec.Cells.ToDictionary(c => c.Label, c => c.Baseline ?? Spec.Baseline),
        Runs.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.First().CellKey));

    /// <summary>The configuration key of each cell of the plan, by label.</summary>
    public IReadOnlyDictionary<string, string> CellKeys() => Runs.GroupBy(r => r.Label).ToDictionary(g => g.Key, g
        => g.First().CellKey);
}
