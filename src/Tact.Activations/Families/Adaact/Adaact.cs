using Tact.Activations.Spec;
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
/// own; we take those of a layer mapping the parameter set to itself (fan_in = fan_out = 1), so variance 1. Like
/// Keras' glorot_normal for a weight of shape [1], we draw a normal truncated at two standard deviations whose std
/// is divided by 0.87962566103423978 (the std of a unit normal truncated there), so the variance is the paper's.
/// </para>
/// </summary>
public sealed class Adaact : ActivationModule
{
    private readonly Parameter k0;
    private readonly Parameter k1;
    private readonly double? _k0, _k1;

    /// <summary>Creates the module with Glorot-normal k0 and k1, or the given values.</summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">One pair per layer (the paper) or per neuron.</param>
    /// <param name="k0">Initial offset instead of the random one.</param>
    /// <param name="k1">Initial slope instead of the random one.</param>
    public Adaact(int features = 1, Granularity per = Granularity.Layer, double? k0 = null, double? k1 = null)
        : base("Adaact", per, features)
    {
        Activations.Require(k0 is null || double.IsFinite(k0.Value), "adaact", "k0", k0!, "a finite number");
        Activations.Require(k1 is null || double.IsFinite(k1.Value), "adaact", "k1", k1!, "a finite number");
        _k0 = k0;
        _k1 = k1;
        this.k0 = new Parameter(k0 is double a ? full(Sets, a) : GlorotNormal(Sets));
        this.k1 = new Parameter(k1 is double b ? full(Sets, b) : GlorotNormal(Sets));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override string Spec
    {
        get
        {
            var w = new SpecWriter("adaact").Per(Per, Granularity.Layer);
            if (_k0 is double a) w.Number("k0", a, null);
            if (_k1 is double b) w.Number("k1", b, null);
            return w.ToString();
        }
    }

    /// <summary>The offsets k0, shape [sets].</summary>
    public Parameter K0 => k0;

    /// <summary>The slopes k1, shape [sets].</summary>
    public Parameter K1 => k1;

    /// <inheritdoc />
    // Two composed ops are as cheap as an affine map gets, so Adaact has no fused kernel (docs/performance.md).
    protected override Tensor Apply(Tensor z) => PerFeature(k0, z) + PerFeature(k1, z) * z;

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer)
    {
        var a = FormulaWriter.Values(k0);
        var b = FormulaWriter.Values(k1);
        writer.PerSet(Sets, i => $"{writer.N(a[i])} + {writer.N(b[i])} * z");
    }

    private const double TruncatedStd = 0.87962566103423978;

    private static Tensor GlorotNormal(int n)
    {
        // sqrt(2 / (fan_in + fan_out)) = 1; redraw values beyond two standard deviations, then undo the truncation's
        // shrinking of the variance (a unit normal truncated at +-2 has std 0.8796...), as Keras does.
        using var _ = no_grad();
        var x = randn(n);
        for (var bad = x.abs().gt(2); bad.any().item<bool>(); bad = x.abs().gt(2))
            x = where(bad, randn(n), x);
        return x / TruncatedStd;
    }
}

public static partial class Activations
{
    /// <summary>
    /// Adaact, the learned affine activation <c>k0 + k1 z</c> with k0 and k1 trained and Glorot-normal initialised.
    /// </summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">One pair per layer (the paper) or per neuron.</param>
    /// <param name="k0">Initial offset instead of the random one.</param>
    /// <param name="k1">Initial slope instead of the random one.</param>
    public static Adaact Adaact(int features = 1, Granularity per = Granularity.Layer, double? k0 = null,
        double? k1 = null) => new(features, per, k0, k1);
}
