using Tact.Activations.Registry;
using static TorchSharp.torch;

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
             new("components", "[names]", "[tanh, relu, sigmoid]", "the functions phi_k: " + string.Join(", ", NamedFunctions.All.Keys)),
             new("gate", "linear|sigmoid", "linear", "g(w) = w or sigmoid(w)"),
             new("init", "relu|tanh|sigmoid|all|<component>", "all",
                 "the chosen component's raw weight ~ N(1, std), the others ~ N(0, std); all: every weight ~ N(1/K, std) (linear gate) or N(0, std) (sigmoid gate)"),
             new("std", "small|large|number >= 0", "small", "spread of the initial weights; small/large = 0.05/0.5 (linear gate), 0.1/1.0 (sigmoid gate), as in the paper")],
            a =>
            {
                var per = a.Per(Granularity.Neuron);
                int sets = a.ParameterSets(per);
                var components = NamedFunctions.Resolve(a, "components", a.Words("components") ?? ["tanh", "relu", "sigmoid"]);
                var gate = a.Choice("gate", "linear", "linear", "sigmoid") == "sigmoid" ? WsgafGate.Sigmoid : WsgafGate.Linear;
                double std = Std(a, gate);
                var names = components.Select(c => c.Name).ToArray();
                string init = a.Choice("init", "all", ["all", .. names]);
                int k = components.Length;
                var mean = new double[k];
                for (int j = 0; j < k; j++)
                    mean[j] = init == "all" ? (gate == WsgafGate.Linear ? 1.0 / k : 0) : names[j] == init ? 1 : 0;
                using var _ = no_grad();
                var weights = tensor(mean, float32).unsqueeze(0) + randn(sets, k) * std;
                return new Wsgaf(components, gate, per, sets, weights, a.Spec.ToString());
            }));

    private static double Std(Spec.SpecArgs a, WsgafGate gate)
    {
        if (a.Has("std") && a.Spec.Arguments.First(x => x.Key == "std").Value is { Kind: Spec.SpecValueKind.Word } word)
        {
            if (word.Word is not ("small" or "large")) throw a.Error("std", $"expects small, large or a number >= 0, got '{word.Text}'");
            return (word.Word, gate) switch
            {
                ("small", WsgafGate.Linear) => 0.05,
                ("large", WsgafGate.Linear) => 0.5,
                ("small", _) => 0.1,
                _ => 1.0,
            };
        }
        return a.Number("std", gate == WsgafGate.Linear ? 0.05 : 0.1, min: 0);
    }
}
