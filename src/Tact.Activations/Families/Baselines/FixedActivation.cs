using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// A fixed (non-trainable) activation such as ReLU or tanh. One class serves every fixed baseline:
/// they differ only in their function and formula, and have no parameters to explain.
/// </summary>
public sealed class FixedActivation : ActivationModule
{
    private readonly Func<Tensor, Tensor> _function;
    private readonly Func<FormulaWriter, string> _formula;
    private readonly double[] _kinks;

    /// <summary>Creates a fixed activation.</summary>
    /// <param name="name">Module name, e.g. <c>ReLU</c>.</param>
    /// <param name="spec">Canonical spec, e.g. <c>leaky_relu(slope=0.01)</c>.</param>
    /// <param name="function">The element-wise function.</param>
    /// <param name="formula">The formula in z in the syntax of <see cref="FormulaWriter"/>, e.g. <c>relu(z)</c>.</param>
    /// <param name="kinks">Where the function is not differentiable.</param>
    public FixedActivation(string name, string spec, Func<Tensor, Tensor> function, Func<FormulaWriter, string> formula,
        params double[] kinks)
        : base(name, spec, Granularity.Layer, 1)
    {
        _function = function;
        _formula = formula;
        _kinks = kinks;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => _kinks;

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer) => writer.Layer(_formula(writer));

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z) => _function(z);
}
