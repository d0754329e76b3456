using Tact.Activations.Registry;
using Tact.Activations.Spec;

namespace Tact.Activations;

/// <summary>Registers <c>wsgaf</c> with the paper's initialisation presets.</summary>
public static class WsgafFamily
{
    /// <summary>Adds the family to <paramref name="registry"/>.</summary>
    public static void AddTo(ActivationRegistry registry) =>
        registry.Add(new("wsgaf",
            "weighted superposition of activation functions (WSGAF): F(z) = sum_k g(w_k) phi_k(z)",
            "sum_k g(w_k) phi_k(z)", true,
            [BaselineFamilies.PerInfo with { Default = "neuron", Description = "neuron = WSGAF-1, layer = WSGAF-2" },
             new("components", "[names]", "[tanh, relu, sigmoid]",
                 "the functions phi_k: " + string.Join(", ", NamedFunctions.All.Keys)),
             new("gate", "linear|sigmoid", "linear", "g(w) = w or sigmoid(w)"),
             new("init", "relu|tanh|sigmoid|all|<component>", "all",
                 "the chosen component's raw weight ~ N(1, std), the others ~ N(0, std); " +
                 "all: every weight ~ N(1/K, std) (linear gate) or N(0, std) (sigmoid gate)"),
             new("std", "small|large|number >= 0", "small",
                 "spread of the initial weights; small/large = 0.05/0.5 (linear gate), 0.1/1.0 (sigmoid gate), " +
                 "as in the paper")],
            a =>
            {
                var (per, features) = a.Layout(Granularity.Neuron);
                var components = a.Words("components") ?? Wsgaf.DefaultComponents;
                NamedFunctions.Resolve("wsgaf", "components", components);
                var gate = a.Choice("gate", "linear", "linear", "sigmoid") == "sigmoid"
                    ? WsgafGate.Sigmoid
                    : WsgafGate.Linear;
                string init = a.Choice("init", "all", ["all", .. components]);
                return Activations.Wsgaf(features, per, components, gate, init, Std(a, gate));
            }));

    private static double? Std(SpecArgs a, WsgafGate gate)
    {
        if (a.Has("std") && a.Spec.Arguments.First(x => x.Key == "std").Value is { Kind: SpecValueKind.Word } word)
        {
            if (word.Word is not ("small" or "large"))
                throw a.Error("std", $"expects small, large or a number >= 0, got '{word.Text}'");
            return Wsgaf.StdOf(word.Word, gate);
        }
        return a.Has("std") ? a.Number("std", 0, min: 0) : null;
    }
}
