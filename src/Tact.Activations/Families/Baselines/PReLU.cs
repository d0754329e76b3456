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

    /// <summary>Creates the module with every slope set to <paramref name="init"/>.</summary>
    public PReLU(Granularity per = Granularity.Layer, int features = 1, double init = 0.25)
        : base("PReLU", $"prelu(per={per.ToString().ToLowerInvariant()}, init={Num(init)})", per,
            per == Granularity.Layer ? 1 : features)
    {
        slope = new Parameter(full(Sets, init));
        RegisterComponents();
    }

    /// <summary>The negative slopes, shape [sets].</summary>
    public Parameter Slope => slope;

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => [0.0];

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer)
    {
        var a = FormulaWriter.Values(slope);
        writer.PerSet(Sets, i => $"relu(z) + {writer.N(a[i])} * min(0, z)");
    }

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z) => z.clamp_min(0) + PerFeature(slope, z) * z.clamp_max(0);
}
