using Tact.Activations.Registry;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Tact.Activations;

/// <summary>The fixed and simply-parametrised activations every comparison needs.</summary>
public static class BaselineFamilies
{
    // PyTorch's SELU constants (Klambauer et al. 2017), to full double precision.
    private const double SeluScale = 1.0507009873554804934193349852946;
    private const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>The <c>per</c> parameter shared by every family with trainable parameters.</summary>
    public static readonly ParameterInfo PerInfo =
        new("per", "layer|neuron", "layer", "one parameter set per layer, or one per neuron (channel after a convolution)");

    /// <summary>Registers relu, leaky_relu, prelu, elu, selu, gelu, silu, swish, tanh, sigmoid, softplus, identity.</summary>
    public static void AddTo(ActivationRegistry registry)
    {
        Fixed(registry, "relu", "ReLU", "rectified linear unit", "max(0, z)", z => F.relu(z), _ => "relu(z)", 0);
        registry.Add(new("leaky_relu", "leaky ReLU with a fixed negative slope", "max(0, z) + slope * min(0, z)", false,
            [new("slope", "number >= 0", "0.01", "slope for z < 0")],
            a =>
            {
                double slope = a.Number("slope", 0.01, min: 0);
                return new FixedActivation("LeakyReLU", $"leaky_relu(slope={Num(slope)})", z => F.leaky_relu(z, slope),
                    w => $"relu(z) + {w.N(slope)} * min(0, z)", 0);
            }));
        registry.Add(new("prelu", "parametric ReLU (He et al. 2015): the negative slope is trained",
            "max(0, z) + a * min(0, z)", true,
            [PerInfo, new("init", "number", "0.25", "initial slope a")],
            a => new PReLU(a.Per(), a.ParameterSets(a.Per()), a.Number("init", 0.25))));
        registry.Add(new("elu", "exponential linear unit", "z if z > 0, alpha * (exp(z) - 1) otherwise", false,
            [new("alpha", "number > 0", "1", "scale of the negative part")],
            a =>
            {
                double alpha = a.Number("alpha", 1.0, min: 0, minExclusive: true);
                return new FixedActivation("ELU", $"elu(alpha={Num(alpha)})", z => F.elu(z, alpha),
                    w => $"relu(z) + {w.N(alpha)} * (exp(min(0, z)) - 1)", 0);
            }));
        Fixed(registry, "selu", "SELU", "scaled ELU (Klambauer et al. 2017)",
            "1.0507 * (z if z > 0, 1.67326 * (exp(z) - 1) otherwise)", z => F.selu(z),
            w => $"{w.N(SeluScale)} * (relu(z) + {w.N(SeluAlpha)} * (exp(min(0, z)) - 1))", 0);
        Fixed(registry, "gelu", "GELU", "Gaussian error linear unit (exact, with erf)", "z * Phi(z)", z => F.gelu(z), _ => "gelu(z)");
        Fixed(registry, "silu", "SiLU", "sigmoid-weighted linear unit (swish with beta = 1)", "z * sigmoid(z)", z => F.silu(z),
            _ => "z * sigmoid(z)");
        registry.Add(new("swish", "swish (Ramachandran et al. 2017) with a trainable beta", "z * sigmoid(beta * z)", true,
            [PerInfo, new("beta", "number", "1", "initial beta"), new("trainable", "true|false", "true", "train beta")],
            a => new Swish(a.Per(), a.ParameterSets(a.Per()), a.Number("beta", 1.0), a.Flag("trainable", true))));
        Fixed(registry, "tanh", "Tanh", "hyperbolic tangent", "tanh(z)", z => z.tanh(), _ => "tanh(z)");
        Fixed(registry, "sigmoid", "Sigmoid", "logistic sigmoid", "1 / (1 + exp(-z))", z => z.sigmoid(), _ => "sigmoid(z)");
        registry.Add(new("softplus", "smooth ReLU (linear above beta * z = 20, as in PyTorch)", "log(1 + exp(beta * z)) / beta", false,
            [new("beta", "number > 0", "1", "sharpness")],
            a =>
            {
                double beta = a.Number("beta", 1.0, min: 0, minExclusive: true);
                return new FixedActivation("Softplus", $"softplus(beta={Num(beta)})", z => F.softplus(z, beta),
                    w => $"softplus({w.N(beta)} * z) / {w.N(beta)}");
            }));
        Fixed(registry, "identity", "Identity", "no activation (linear)", "z", z => z.alias(), _ => "z");
    }

    private static void Fixed(ActivationRegistry registry, string name, string module, string summary, string formula,
        Func<Tensor, Tensor> function, Func<FormulaWriter, string> expression, params double[] kinks) =>
        registry.Add(new(name, summary, formula, false, [],
            _ => new FixedActivation(module, name, function, expression, kinks)));

    private static string Num(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
