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

    /// <summary>Creates the module with every beta set to <paramref name="init"/>.</summary>
    public Swish(Granularity per = Granularity.Layer, int features = 1, double init = 1.0, bool trainable = true)
        : base("Swish", $"swish(per={per.ToString().ToLowerInvariant()}, beta={Num(init)}, trainable={(trainable ? "true" : "false")})",
            per, per == Granularity.Layer ? 1 : features)
    {
        beta = new Parameter(full(Sets, init), requires_grad: trainable);
        RegisterComponents();
    }

    /// <summary>The betas, shape [sets].</summary>
    public Parameter Beta => beta;

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer)
    {
        var b = FormulaWriter.Values(beta);
        writer.PerSet(Sets, i => $"z * sigmoid({writer.N(b[i])} * z)");
    }

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z) => z * sigmoid(PerFeature(beta, z) * z);
}
