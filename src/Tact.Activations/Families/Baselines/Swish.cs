using Tact.Activations.Spec;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Swish (Ramachandran et al., 2017): <c>f(z) = z * sigmoid(beta * z)</c> with <c>beta</c> trained,
/// per layer or per neuron; beta = 1 is SiLU.
/// </summary>
public sealed class Swish : ActivationModule
{
    private readonly Parameter beta;
    private readonly double _init;

    /// <summary>Creates the module with every beta set to <paramref name="init"/>.</summary>
    /// <param name="features">Features on dim 1 (one beta each per neuron).</param>
    /// <param name="per">One beta per layer or per neuron.</param>
    /// <param name="init">Initial beta.</param>
    /// <param name="trainable">Whether beta is trained.</param>
    public Swish(int features = 1, Granularity per = Granularity.Layer, double init = 1.0, bool trainable = true)
        : base("Swish", per, features)
    {
        Activations.Require(double.IsFinite(init), "swish", "beta", init, "a finite number");
        _init = init;
        beta = new Parameter(full(Sets, init), requires_grad: trainable);
        RegisterComponents();
    }

    /// <summary>The betas, shape [sets].</summary>
    public Parameter Beta => beta;

    /// <inheritdoc />
    public override string Spec => new SpecWriter("swish").Per(Per, Granularity.Layer).Number("beta", _init, 1.0)
        .Flag("trainable", beta.requires_grad, true).ToString();

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer)
    {
        var b = FormulaWriter.Values(beta);
        writer.PerSet(Sets, i => $"z * sigmoid({writer.N(b[i])} * z)");
    }

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z) => z * sigmoid(PerFeature(beta, z) * z);
}

public static partial class Activations
{
    /// <summary>Swish <c>z sigmoid(beta z)</c> with a trained beta (Ramachandran et al. 2017).</summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">One beta per layer or per neuron.</param>
    /// <param name="beta">Initial beta.</param>
    /// <param name="trainable">Whether beta is trained.</param>
    public static Swish Swish(int features = 1, Granularity per = Granularity.Layer, double beta = 1.0,
        bool trainable = true) => new(features, per, beta, trainable);
}
