namespace Tact.Experiments.TrainedModels;

/// <summary>The test metrics of a saved model, evaluated again, beside those recorded when training ended.</summary>
/// <param name="Path">The checkpoint.</param>
/// <param name="Task">The task it was evaluated on.</param>
/// <param name="Loss">The test loss (per sample, without penalties).</param>
/// <param name="Metrics">The test metrics now.</param>
/// <param name="Recorded">The final test metrics recorded at the end of training, if any.</param>
public sealed record CheckpointEvaluation(string Path, string Task, double Loss,
    IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, double>? Recorded);
