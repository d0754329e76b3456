namespace Tact.Experiments.Training;

/// <summary>What one epoch produced. Losses are per-sample means, whatever the objective summed.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches.</param>
/// <param name="TestLoss">Loss on the test split after the epoch.</param>
/// <param name="TestMetrics">Test metrics after the epoch (e.g. rmse, rel_l2, accuracy).</param>
/// <param name="Seconds">Wall time of the epoch, evaluation included.</param>
/// <param name="ValidationLoss">Loss on the validation split after the epoch, when the data set has one.</param>
/// <param name="ValidationMetrics">Validation metrics after the epoch, when the data set has a validation
/// split.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double TestLoss,
    IReadOnlyDictionary<string, double> TestMetrics, double Seconds, double? ValidationLoss = null,
    IReadOnlyDictionary<string, double>? ValidationMetrics = null);

/// <summary>The outcome of a training run.</summary>
/// <param name="Epochs">One report per finished epoch.</param>
/// <param name="Final">The test metrics of the last epoch.</param>
/// <param name="Seconds">Total wall time.</param>
/// <param name="Diverged">True when the loss diverged (see <see cref="Trainer.DivergenceFactor"/>); training stopped
/// there.</param>
/// <param name="Divergence">What diverged, e.g. "batch 3 of epoch 2: loss 5.1E+04 is above 1000 x its first value 2.3";
/// null when training finished.</param>
public sealed record TrainResult(IReadOnlyList<EpochReport> Epochs, IReadOnlyDictionary<string, double> Final,
    double Seconds, bool Diverged, string? Divergence = null);
