using Tact.Experiments.Training;

namespace Tact.Experiments.Runs;

/// <summary>Parameter counts of a trained model.</summary>
/// <param name="Total">Every trainable scalar.</param>
/// <param name="Activation">Trainable scalars inside activation modules.</param>
public sealed record ParameterCounts(long Total, long Activation);

/// <summary>What an activation's input monitor counted during the final evaluation on the test split.</summary>
/// <param name="Total">Input values seen.</param>
/// <param name="Below">Finite values below the designed range.</param>
/// <param name="Above">Finite values above the designed range.</param>
/// <param name="NonFinite">NaN or infinite values.</param>
/// <param name="Min">Smallest finite input.</param>
/// <param name="Max">Largest finite input.</param>
/// <param name="DesignedLow">Lower end of the designed range, if the family has one.</param>
/// <param name="DesignedHigh">Upper end of the designed range, if the family has one.</param>
public sealed record MonitorCounts(long Total, long Below, long Above, long NonFinite, double Min, double Max,
    double? DesignedLow, double? DesignedHigh);

/// <summary>
/// The activation function drawn on a grid before and after training, for plots: a sample of parameter sets
/// (neurons) and, last, the mean over all sets.
/// </summary>
/// <param name="Grid">Input values (the range the layer's inputs covered on the test split).</param>
/// <param name="Sets">Indices of the sampled sets; the last curve of each list is the mean over every set.</param>
/// <param name="Initial">Values before training, one array per sampled set, then the mean.</param>
/// <param name="Final">Values after training, likewise.</param>
public sealed record ActivationCurves(double[] Grid, int[] Sets, double[][] Initial, double[][] Final);

/// <summary>One activation module of a trained model: what it was, what it learned, what it saw.</summary>
/// <param name="Layer">0-based index among the model's activation modules.</param>
/// <param name="Spec">The module's spec.</param>
/// <param name="Formula">The learned function with its numbers (six significant digits).</param>
/// <param name="ParameterCount">Trainable scalars in the module.</param>
/// <param name="Before">Parameter values before training, by parameter name.</param>
/// <param name="After">Parameter values after training, by parameter name.</param>
/// <param name="MeanAbsChange">
/// Mean absolute change of each parameter over training; for a parameter of shape [sets, K] also per column k
/// (e.g. per WSGAF component: <c>weight[1]</c>), as the WSGAF paper reports.
/// </param>
/// <param name="Monitor">Input monitor counts on the test split.</param>
/// <param name="Curves">The function before and after training.</param>
/// <param name="Sets">Parameter sets: 1 per layer, the feature count per neuron.</param>
public sealed record ActivationSnapshot(int Layer, string Spec, string Formula, long ParameterCount,
    IReadOnlyDictionary<string, double[]> Before, IReadOnlyDictionary<string, double[]> After,
    IReadOnlyDictionary<string, double> MeanAbsChange, MonitorCounts Monitor, ActivationCurves Curves, int Sets = 1);

/// <summary>
/// What a finished run writes: to <c>metrics.json</c> for <c>tact train</c>, to the result store in grids.
/// </summary>
/// <param name="Id">The run's stable id (<see cref="RunConfig.Id"/>).</param>
/// <param name="Config">The run's configuration.</param>
/// <param name="Epochs">Per-epoch losses and test metrics.</param>
/// <param name="Final">Final test metrics.</param>
/// <param name="Parameters">Parameter counts.</param>
/// <param name="Activations">The learned activations.</param>
/// <param name="WallSeconds">Wall time of training and evaluation.</param>
/// <param name="Diverged">True when the loss diverged (the rule of <see cref="Trainer.DivergenceFactor"/>).</param>
/// <param name="Version">The tact version that produced the record.</param>
/// <param name="Divergence">What diverged and when, for a diverged run; null otherwise (and in older records).</param>
public sealed record RunRecord(
    string Id,
    RunConfig Config,
    IReadOnlyList<EpochReport> Epochs,
    IReadOnlyDictionary<string, double> Final,
    ParameterCounts Parameters,
    IReadOnlyList<ActivationSnapshot> Activations,
    double WallSeconds,
    bool Diverged,
    string Version,
    string? Divergence = null);
