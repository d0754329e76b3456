using static TorchSharp.torch;

namespace Tact.Activations.Baselines;

/// <summary>
/// A fixed (non-trainable) activation such as ReLU or tanh. One class serves every fixed baseline:
/// they differ only in their function and formula, and have no parameters to explain.
/// </summary>
public sealed class FixedActivation : ActivationModule
{
    private readonly Func<Tensor, Tensor> _function;
    private readonly string _formula;

    /// <summary>Creates a fixed activation.</summary>
    /// <param name="name">Module name, e.g. <c>ReLU</c>.</param>
    /// <param name="spec">Canonical spec, e.g. <c>leaky_relu(slope=0.01)</c>.</param>
    /// <param name="function">The element-wise function.</param>
    /// <param name="formula">The formula in z, e.g. <c>max(0, z)</c>.</param>
    public FixedActivation(string name, string spec, Func<Tensor, Tensor> function, string formula)
        : base(name, spec, Granularity.Layer, 1)
    {
        _function = function;
        _formula = formula;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override string Formula() => $"f(z) = {_formula}";

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z) => _function(z);
}
