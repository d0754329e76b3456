using Tact.Experiments.Tasks;
using Tact.Experiments.Training;

namespace Tact.Experiments.Runs;

/// <summary>Everything that defines one training run: task, model, activations and training options.</summary>
public sealed record RunConfig
{
    /// <summary>Task name (see <see cref="TaskCatalog"/>).</summary>
    public required string Task { get; init; }

    /// <summary>Task options.</summary>
    public TaskOptions TaskOptions { get; init; } = new();

    /// <summary>Activation specs: one for every hidden layer, or one per hidden layer.</summary>
    public required IReadOnlyList<string> Activations { get; init; }

    /// <summary>Hidden layer widths of the MLP.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [20];

    /// <summary>Training options (epochs, batch, optimiser, loss, seed).</summary>
    public TrainOptions Training { get; init; } = new();

    /// <summary>A short label: the activation specs joined by ' | '.</summary>
    public string Label => string.Join(" | ", Activations);
}
