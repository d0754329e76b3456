using Tact.Activations.Regularization;
using Tact.Experiments.Tasks;
using Tact.Experiments.Training;

namespace Tact.Experiments.Grid;

/// <summary>
/// One cell of an experiment: a label and the activation specs (one for all layers, or one per layer), optionally
/// with its own hidden sizes, input dimension and baseline (for tables that mix settings, like the TMAF paper's
/// Table 3.1 over n and depth).
/// </summary>
/// <param name="Label">Name shown in tables and plots.</param>
/// <param name="Activations">The specs.</param>
/// <param name="Hidden">Hidden sizes of this cell, or null for the experiment's.</param>
/// <param name="Dims">Input dimension of this cell's task, or null for the experiment's.</param>
/// <param name="Baseline">Label of the cell this one is tested against, or null for the experiment's baseline.</param>
/// <param name="Regularizer">Activation regulariser of this cell, or null for the experiment's.</param>
public sealed record CellSpec(string Label, IReadOnlyList<string> Activations, IReadOnlyList<int>? Hidden = null,
    int? Dims = null, string? Baseline = null, ActivationRegularizer? Regularizer = null);

/// <summary>
/// The <c>smoke</c> block of an experiment file: what <c>--scale smoke</c> overrides to run in seconds.
/// </summary>
public sealed record SmokeOverrides
{
    /// <summary>Epochs at smoke scale.</summary>
    public int? Epochs { get; init; }

    /// <summary>Seeds at smoke scale.</summary>
    public int? Seeds { get; init; }

    /// <summary>Batch size at smoke scale.</summary>
    public int? Batch { get; init; }

    /// <summary>Training samples at smoke scale.</summary>
    public int? TrainSize { get; init; }

    /// <summary>Test samples at smoke scale.</summary>
    public int? TestSize { get; init; }

    /// <summary>Keep only the first N cells at smoke scale.</summary>
    public int? MaxCells { get; init; }
}

/// <summary>A validated experiment file: what to train, on what, how often, and how to report it.</summary>
public sealed record ExperimentSpec
{
    /// <summary>Experiment name; also the default results directory name.</summary>
    public required string Name { get; init; }

    /// <summary>What it reproduces, one paragraph.</summary>
    public string Description { get; init; } = "";

    /// <summary>Paper and table, free text.</summary>
    public string Paper { get; init; } = "";

    /// <summary>Task name.</summary>
    public required string Task { get; init; }

    /// <summary>Task options (dims, sizes, data directory).</summary>
    public TaskOptions TaskOptions { get; init; } = new();

    /// <summary>Model name.</summary>
    public string Model { get; init; } = "mlp";

    /// <summary>Hidden sizes (for the MLP).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [20];

    /// <summary>Activation of the output layer, if any.</summary>
    public string? OutputActivation { get; init; }

    /// <summary>mlp: how its linear layers start (one for all or one per layer), or null for PyTorch's.</summary>
    public IReadOnlyList<Models.LinearInit>? Init { get; init; }

    /// <summary>The cells, explicit ones first, then those the grid expands to.</summary>
    public required IReadOnlyList<CellSpec> Cells { get; init; }

    /// <summary>Training options; the seed is the first seed.</summary>
    public TrainOptions Training { get; init; } = new();

    /// <summary>Runs per cell, with seeds seed, seed+1, ...</summary>
    public int Seeds { get; init; } = 1;

    /// <summary>Headline metric.</summary>
    public string Metric { get; init; } = "rel_l2";

    /// <summary>Whether smaller is better for <see cref="Metric"/>.</summary>
    public bool LowerIsBetter { get; init; } = true;

    /// <summary>Label of the baseline cell (default: the first cell).</summary>
    public required string Baseline { get; init; }

    /// <summary>The paper's headline numbers by cell label.</summary>
    public IReadOnlyDictionary<string, double> PaperResults { get; init; } = new Dictionary<string, double>();

    /// <summary>Initialisation of the mlp's layers that feed grid-based activations, or null for PyTorch's.</summary>
    public Tact.Models.LayerInit? GridInit { get; init; }

    /// <summary>Overrides for <c>--scale smoke</c>.</summary>
    public SmokeOverrides Smoke { get; init; } = new();
}
