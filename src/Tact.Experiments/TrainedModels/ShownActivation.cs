namespace Tact.Experiments.TrainedModels;

/// <summary>One activation as <c>tact show</c> presents it.</summary>
/// <param name="Module">Its path in the model (empty for a spec on its own).</param>
/// <param name="Spec">Its canonical spec.</param>
/// <param name="Formula">The function with its current numbers.</param>
/// <param name="Low">Left end of the plotted range.</param>
/// <param name="High">Right end of the plotted range.</param>
/// <param name="RangeSource">
/// Where the range comes from: <c>inputs</c> (seen in the final test), <c>designed</c>, or <c>default</c>.
/// </param>
/// <param name="Samples">A few points (z, mean f(z) over the parameter sets) across the range.</param>
/// <param name="Plot">The PNG written, or null when no directory was given.</param>
public sealed record ShownActivation(string Module, string Spec, string Formula, double Low, double High,
    string RangeSource, IReadOnlyList<(double Z, double F)> Samples, string? Plot);
