using Tact.Experiments.Training;

namespace Tact.Experiments.Runs;

/// <summary>Parameter counts of a trained model.</summary>
/// <param name="Total">Every trainable scalar.</param>
/// <param name="Activation">Trainable scalars inside activation modules.</param>
public sealed record ParameterCounts(long Total, long Activation);

/// <summary>One learned activation after training: its layer, spec, formula and input monitor counts.</summary>
/// <param name="Layer">0-based index among the model's activation modules.</param>
/// <param name="Spec">The module's spec.</param>
/// <param name="Formula">The learned function with its numbers.</param>
public sealed record ActivationReport(int Layer, string Spec, string Formula);

/// <summary>What a finished run writes to <c>metrics.json</c>.</summary>
/// <param name="Config">The run's configuration.</param>
/// <param name="Epochs">Per-epoch losses and test metrics.</param>
/// <param name="Final">Final test metrics.</param>
/// <param name="Parameters">Parameter counts.</param>
/// <param name="Activations">The learned activations.</param>
/// <param name="WallSeconds">Wall time of training and evaluation.</param>
/// <param name="Diverged">True when the loss became NaN or infinite.</param>
/// <param name="Version">The tact version that produced the record.</param>
public sealed record RunRecord(
    RunConfig Config,
    IReadOnlyList<EpochReport> Epochs,
    IReadOnlyDictionary<string, double> Final,
    ParameterCounts Parameters,
    IReadOnlyList<ActivationReport> Activations,
    double WallSeconds,
    bool Diverged,
    string Version);
