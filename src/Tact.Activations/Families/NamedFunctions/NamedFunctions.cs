using F = TorchSharp.torch.nn.functional;

namespace Tact.Activations;

/// <summary>The named functions WSGAF and basis expansions can use as components.</summary>
public static class NamedFunctions
{
    /// <summary>Every named function, by name.</summary>
    public static IReadOnlyDictionary<string, NamedFunction> All { get; } = new NamedFunction[]
    {
        new("relu", z => F.relu(z), "relu(z)", [0]),
        new("tanh", z => z.tanh(), "tanh(z)", []),
        new("sigmoid", z => z.sigmoid(), "sigmoid(z)", []),
        new("elu", z => F.elu(z, 1.0), "elu(z)", []),
        new("gelu", z => F.gelu(z), "gelu(z)", []),
        new("silu", z => F.silu(z), "silu(z)", []),
        new("softplus", z => F.softplus(z), "softplus(z)", []),
        new("identity", z => z.alias(), "z", []),
        new("sin", z => z.sin(), "sin(z)", []),
        new("cos", z => z.cos(), "cos(z)", []),
        new("gaussian", z => z.square().neg().exp(), "exp(-(z * z))", []),
    }.ToDictionary(f => f.Name);

    /// <summary>The functions of those names, or an error naming the family, the parameter and the known names.</summary>
    public static NamedFunction[] Resolve(Spec.SpecArgs args, string parameter, string[] names)
    {
        if (names.Distinct().Count() != names.Length)
            throw args.Error(parameter, $"lists a function twice: [{string.Join(", ", names)}]");
        return names.Select(n => All.TryGetValue(n, out var f)
            ? f
            : throw args.Error(parameter, $"names '{n}', which is not a known function; known: {string.Join(", ", All.Keys)}")).ToArray();
    }
}
