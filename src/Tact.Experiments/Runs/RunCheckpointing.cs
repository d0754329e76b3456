namespace Tact.Experiments.Runs;

/// <summary>What a run does with checkpoints: start from one, and write one when it finishes.</summary>
public sealed record RunCheckpointing
{
    /// <summary>Write the trained model here (a <c>.safetensors</c> file), unless training diverged.</summary>
    public string? SaveTo { get; init; }

    /// <summary>Also write the optimiser state beside <see cref="SaveTo"/>, so training can resume.</summary>
    public bool SaveOptimizer { get; init; }

    /// <summary>
    /// Start from this checkpoint's weights (and its optimiser state, when saved) instead of a fresh initialisation;
    /// the configuration must build the same model.
    /// </summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Epochs the starting checkpoint had been trained for, counted into the new one's total.</summary>
    public int EpochsBefore { get; init; }
}
