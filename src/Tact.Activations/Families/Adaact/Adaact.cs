using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Adaact, the learned affine activation <c>g(z) = k0 + k1 * z</c>, with k0 and k1 trained, one pair per layer (the
/// paper) or per neuron (our option).
/// <para>
/// Honest note: this is an affine map. A network whose hidden layers all use it is an affine function of its input
/// up to its output non-linearity (the banknote model 4 -&gt; 10 -&gt; 1 with a sigmoid output is logistic regression
/// with 63 redundant parameters). It is here because the paper proposes it and as a baseline for the others.
/// </para>
/// <para>
/// Initialisation: Glorot (Xavier) normal, variance 2 / (fan_in + fan_out) = 1 / fan_avg. A scalar has no fans of its
/// own; we take those of a layer mapping the parameter set to itself (fan_in = fan_out = 1), so k0, k1 ~ N(0, 1), as
/// Keras' glorot_normal does for a weight of shape [1] (it truncates at two standard deviations, which we do too).
/// </para>
/// </summary>
public sealed class Adaact : ActivationModule
{
    private readonly Parameter k0;
    private readonly Parameter k1;

    /// <summary>Creates the module with Glorot-normal k0 and k1 (or the given values).</summary>
    public Adaact(Granularity per = Granularity.Layer, int features = 1, double? k0Init = null, double? k1Init = null,
        string? spec = null)
        : base("Adaact", spec ?? "adaact", per, per == Granularity.Layer ? 1 : features)
    {
        k0 = new Parameter(k0Init is double a ? full(Sets, a) : GlorotNormal(Sets));
        k1 = new Parameter(k1Init is double b ? full(Sets, b) : GlorotNormal(Sets));
        RegisterComponents();
    }

    /// <summary>The offsets k0, shape [sets].</summary>
    public Parameter K0 => k0;

    /// <summary>The slopes k1, shape [sets].</summary>
    public Parameter K1 => k1;

    /// <inheritdoc />
    // Two composed ops are already as fast as an affine map gets here (the generic fused combination kernel measured
    // twice as slow), so Adaact has no fused kernel.
    protected override Tensor Apply(Tensor z) => PerFeature(k0, z) + PerFeature(k1, z) * z;

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer)
    {
        var a = FormulaWriter.Values(k0);
        var b = FormulaWriter.Values(k1);
        writer.PerSet(Sets, i => $"{writer.N(a[i])} + {writer.N(b[i])} * z");
    }

    private static Tensor GlorotNormal(int n)
    {
        // std = sqrt(2 / (fan_in + fan_out)) = 1; redraw values beyond two standard deviations.
        using var _ = no_grad();
        var x = randn(n);
        for (var bad = x.abs().gt(2); bad.any().item<bool>(); bad = x.abs().gt(2))
            x = where(bad, randn(n), x);
        return x;
    }
}
