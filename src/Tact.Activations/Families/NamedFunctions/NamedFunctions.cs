using Tact.Activations.Spec;
using F = TorchSharp.torch.nn.functional;

namespace Tact.Activations;

/// <summary>The named functions WSGAF and basis expansions can use as components.</summary>
public static class NamedFunctions
{
    /// <summary>Every named function, by name, each with its fused form where it has one.</summary>
    public static IReadOnlyDictionary<string, NamedFunction> All { get; } = new NamedFunction[]
    {
        new("relu", z => F.relu(z), "relu(z)", [0]) { Kernel = new ReluKernel() },
        new("tanh", z => z.tanh(), "tanh(z)", []) { Kernel = new TanhKernel() },
        new("sigmoid", z => z.sigmoid(), "sigmoid(z)", []) { Kernel = new SigmoidKernel() },
        new("elu", z => F.elu(z, 1.0), "elu(z)", []) { Kernel = new EluKernel() },
        // .NET has no vectorised erf, so gelu has no fused form and lists with it run the composed ops.
        new("gelu", z => F.gelu(z), "gelu(z)", []),
        new("silu", z => F.silu(z), "silu(z)", []) { Kernel = new SiluKernel() },
        new("softplus", z => F.softplus(z), "softplus(z)", []) { Kernel = new SoftplusKernel() },
        new("identity", z => z.alias(), "z", []) { Kernel = new IdentityKernel() },
        new("sin", z => z.sin(), "sin(z)", []) { Kernel = new SinKernel() },
        new("cos", z => z.cos(), "cos(z)", []) { Kernel = new CosKernel() },
        new("gaussian", z => z.square().neg().exp(), "exp(-(z * z))", []) { Kernel = new GaussianKernel() },
    }.ToDictionary(f => f.Name);

    /// <summary>
    /// The functions of those names, or an <see cref="ActivationSpecException"/> naming the family, the option and
    /// the known names.
    /// </summary>
    public static NamedFunction[] Resolve(string family, string option, IReadOnlyList<string> names)
    {
        if (names.Count == 0) throw new ActivationSpecException(family, option, "needs at least one function");
        if (names.Distinct().Count() != names.Count)
            throw new ActivationSpecException(family, option, $"lists a function twice: [{string.Join(", ", names)}]");
        return names.Select(n => All.TryGetValue(n, out var f)
            ? f
            : throw new ActivationSpecException(family, option,
                $"names '{n}', which is not a known function; known: {string.Join(", ", All.Keys)}")).ToArray();
    }
}
