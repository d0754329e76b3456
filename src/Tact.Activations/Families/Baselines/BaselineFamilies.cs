using Tact.Activations.Registry;

namespace Tact.Activations;

/// <summary>The fixed and simply-parametrised activations every comparison needs.</summary>
public static class BaselineFamilies
{
    /// <summary>The <c>per</c> parameter shared by every family with trainable parameters.</summary>
    public static readonly ParameterInfo PerInfo =
        new("per", "layer|neuron", "layer",
            "one parameter set per layer, or one per neuron (channel after a convolution)");

    /// <summary>
    /// Registers relu, leaky_relu, prelu, elu, selu, gelu, silu, swish, tanh, sigmoid, softplus, identity.
    /// </summary>
    public static void AddTo(ActivationRegistry registry)
    {
        Fixed(registry, "relu", "rectified linear unit", "max(0, z)", Activations.Relu);
        registry.Add(new("leaky_relu", "leaky ReLU with a fixed negative slope", "max(0, z) + slope * min(0, z)", false,
            [new("slope", "number >= 0", "0.01", "slope for z < 0")],
            a => Activations.LeakyRelu(a.Number("slope", 0.01, min: 0))));
        registry.Add(new("prelu", "parametric ReLU (He et al. 2015): the negative slope is trained",
            "max(0, z) + a * min(0, z)", true,
            [PerInfo, new("init", "number", "0.25", "initial slope a")],
            a =>
            {
                var (per, features) = a.Layout();
                return Activations.PReLU(features, per, a.Number("init", 0.25));
            }));
        registry.Add(new("elu", "exponential linear unit", "z if z > 0, alpha * (exp(z) - 1) otherwise", false,
            [new("alpha", "number > 0", "1", "scale of the negative part")],
            a => Activations.Elu(a.Number("alpha", 1.0, min: 0, minExclusive: true))));
        Fixed(registry, "selu", "scaled ELU (Klambauer et al. 2017)",
            "1.0507 * (z if z > 0, 1.67326 * (exp(z) - 1) otherwise)", Activations.Selu);
        Fixed(registry, "gelu", "Gaussian error linear unit (exact, with erf)", "z * Phi(z)", Activations.Gelu);
        Fixed(registry, "silu", "sigmoid-weighted linear unit (swish with beta = 1)", "z * sigmoid(z)",
            Activations.Silu);
        registry.Add(new("swish", "swish (Ramachandran et al. 2017) with a trainable beta", "z * sigmoid(beta * z)",
            true,
            [PerInfo, new("beta", "number", "1", "initial beta"), new("trainable", "true|false", "true", "train beta")],
            a =>
            {
                var (per, features) = a.Layout();
                return Activations.Swish(features, per, a.Number("beta", 1.0), a.Flag("trainable", true));
            }));
        Fixed(registry, "tanh", "hyperbolic tangent", "tanh(z)", Activations.Tanh);
        Fixed(registry, "sigmoid", "logistic sigmoid", "1 / (1 + exp(-z))", Activations.Sigmoid);
        registry.Add(new("softplus", "smooth ReLU (linear above beta * z = 20, as in PyTorch)",
            "log(1 + exp(beta * z)) / beta", false,
            [new("beta", "number > 0", "1", "sharpness")],
            a => Activations.Softplus(a.Number("beta", 1.0, min: 0, minExclusive: true))));
        Fixed(registry, "identity", "no activation (linear)", "z", Activations.Identity);
    }

    private static void Fixed(ActivationRegistry registry, string name, string summary, string formula,
        Func<ActivationModule> create) =>
        registry.Add(new(name, summary, formula, false, [], _ => create()));
}
