using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// A fixed function of one variable that families combine: its tensor form, its formula and its kinks.
/// </summary>
/// <param name="Name">Name in specs, e.g. <c>tanh</c>.</param>
/// <param name="Apply">The element-wise function.</param>
/// <param name="Formula">Its formula in z, in <see cref="FormulaWriter"/> syntax.</param>
/// <param name="Kinks">Where it is not differentiable.</param>
public sealed record NamedFunction(string Name, Func<Tensor, Tensor> Apply, string Formula, double[] Kinks)
{
    /// <summary>Its values and slopes on spans for the fused kernels, or null when it has none.</summary>
    internal Kernels.NamedFunctionKernel? Kernel { get; init; }

    /// <summary>Whether the fused CPU kernels can evaluate it (combinations of it then run fused).</summary>
    public bool HasFusedKernel => Kernel is not null;
}
