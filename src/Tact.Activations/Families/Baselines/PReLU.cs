using Tact.Activations.Spec;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Parametric ReLU (He et al., 2015): <c>f(z) = max(0, z) + a * min(0, z)</c>, with the negative slope
/// <c>a</c> trained, one per layer or one per neuron (channel).
/// </summary>
public sealed class PReLU : ActivationModule
{
    private readonly Parameter slope;
    private readonly double _init;

    /// <summary>Creates the module with every slope set to <paramref name="init"/>.</summary>
    /// <param name="features">Features on dim 1 (one slope each per neuron).</param>
    /// <param name="per">One slope per layer or per neuron.</param>
    /// <param name="init">Initial slope.</param>
    public PReLU(int features = 1, Granularity per = Granularity.Layer, double init = 0.25)
        : base("PReLU", per, features)
    {
        Activations.Require(double.IsFinite(init), "prelu", "init", init, "a finite number");
        _init = init;
        slope = new Parameter(full(Sets, init));
        RegisterComponents();
    }

    /// <summary>The negative slopes, shape [sets].</summary>
    public Parameter Slope => slope;

    /// <inheritdoc />
    public override string Spec =>
        new SpecWriter("prelu").Per(Per, Granularity.Layer).Number("init", _init, 0.25).ToString();

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => [0.0];

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer)
    {
        var a = FormulaWriter.Values(slope);
        writer.PerSet(Sets, i => $"relu(z) + {writer.N(a[i])} * min(0, z)");
    }

    /// <inheritdoc />
    // At 0 the derivative is a, as in PyTorch (its backward tests z > 0), inside the subgradient range [a, 1].
    protected override Tensor Apply(Tensor z) => where(z.gt(0), z, PerFeature(slope, z) * z);
}

public static partial class Activations
{
    /// <summary>Parametric ReLU <c>max(0, z) + a min(0, z)</c> with a trained slope a (He et al. 2015).</summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">One slope per layer or per neuron.</param>
    /// <param name="init">Initial slope.</param>
    public static PReLU PReLU(int features = 1, Granularity per = Granularity.Layer, double init = 0.25) =>
        new(features, per, init);
}
