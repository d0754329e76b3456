using Tact.Activations.Spec;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

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

    internal FixedActivation(string name, string spec, Func<Tensor, Tensor> function,
        Func<FormulaWriter, string> formula, params double[] kinks)
        : base(name, Granularity.Layer, 1)
    {
        Spec = spec;
        _function = function;
        _formula = formula;
        _kinks = kinks;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override string Spec { get; }

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => _kinks;

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer) => writer.Layer(_formula(writer));

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z) => _function(z);
}

public static partial class Activations
{
    // PyTorch's SELU constants (Klambauer et al. 2017), to full double precision.
    private const double SeluScale = 1.0507009873554804934193349852946;
    private const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>ReLU: <c>max(0, z)</c>.</summary>
    public static FixedActivation Relu() => new("ReLU", "relu", z => F.relu(z), _ => "relu(z)", 0);

    /// <summary>Leaky ReLU: <c>max(0, z) + slope * min(0, z)</c> with a fixed slope &gt;= 0.</summary>
    public static FixedActivation LeakyRelu(double slope = 0.01)
    {
        Require(slope >= 0 && double.IsFinite(slope), "leaky_relu", "slope", slope, "a finite number >= 0");
        return new("LeakyReLU", new SpecWriter("leaky_relu").Number("slope", slope, 0.01).ToString(),
            z => F.leaky_relu(z, slope), w => $"relu(z) + {w.N(slope)} * min(0, z)", 0);
    }

    /// <summary>ELU: <c>z</c> for z &gt; 0, <c>alpha (exp(z) - 1)</c> otherwise.</summary>
    public static FixedActivation Elu(double alpha = 1.0)
    {
        Require(alpha > 0 && double.IsFinite(alpha), "elu", "alpha", alpha, "a finite number > 0");
        return new("ELU", new SpecWriter("elu").Number("alpha", alpha, 1.0).ToString(), z => F.elu(z, alpha),
            w => $"relu(z) + {w.N(alpha)} * (exp(min(0, z)) - 1)", 0);
    }

    /// <summary>SELU (Klambauer et al. 2017): <c>1.0507 * elu(z; 1.67326)</c>.</summary>
    public static FixedActivation Selu() => new("SELU", "selu", z => F.selu(z),
        w => $"{w.N(SeluScale)} * (relu(z) + {w.N(SeluAlpha)} * (exp(min(0, z)) - 1))", 0);

    /// <summary>GELU, exact: <c>z * Phi(z)</c>.</summary>
    public static FixedActivation Gelu() => new("GELU", "gelu", z => F.gelu(z), _ => "gelu(z)");

    /// <summary>SiLU: <c>z * sigmoid(z)</c>.</summary>
    public static FixedActivation Silu() => new("SiLU", "silu", z => F.silu(z), _ => "z * sigmoid(z)");

    /// <summary>Hyperbolic tangent.</summary>
    public static FixedActivation Tanh() => new("Tanh", "tanh", z => z.tanh(), _ => "tanh(z)");

    /// <summary>Logistic sigmoid <c>1 / (1 + exp(-z))</c>.</summary>
    public static FixedActivation Sigmoid() => new("Sigmoid", "sigmoid", z => z.sigmoid(), _ => "sigmoid(z)");

    /// <summary>Softplus <c>log(1 + exp(beta z)) / beta</c>, linear above beta z = 20 as in PyTorch.</summary>
    public static FixedActivation Softplus(double beta = 1.0)
    {
        Require(beta > 0 && double.IsFinite(beta), "softplus", "beta", beta, "a finite number > 0");
        return new("Softplus", new SpecWriter("softplus").Number("beta", beta, 1.0).ToString(),
            z => F.softplus(z, beta), w => $"softplus({w.N(beta)} * z) / {w.N(beta)}");
    }

    /// <summary>The identity (no activation).</summary>
    public static FixedActivation Identity() => new("Identity", "identity", z => z.alias(), _ => "z");
}
