using Tact.Activations.Spec;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Weighted superposition of activation functions (WSGAF): <c>F(z) = sum_k g(w_k) phi_k(z)</c>, by default over
/// tanh, relu and sigmoid, with raw weights w trained per neuron (WSGAF-1) or per layer (WSGAF-2) and a linear or
/// sigmoid gate g. The raw weights are public so the experiment runner can report how much each component's weights
/// moved during training (the paper's figure).
/// </summary>
public sealed class Wsgaf : ActivationModule
{
    /// <summary>The paper's components, in its order.</summary>
    internal static readonly string[] DefaultComponents = ["tanh", "relu", "sigmoid"];

    private readonly NamedFunction[] _components;
    private readonly Parameter weights;
    private readonly Kernels.PointwiseBasis? _kernel;
    private readonly string _init;
    private readonly double _std;

    /// <summary>Creates the module.</summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">Per neuron (WSGAF-1) or per layer (WSGAF-2).</param>
    /// <param name="components">Names of the functions phi_k; by default tanh, relu, sigmoid.</param>
    /// <param name="gate">g(w) = w or sigmoid(w).</param>
    /// <param name="init">
    /// <c>all</c>: every raw weight ~ N(1/K, std) (linear gate) or N(0, std) (sigmoid gate); a component's name: its
    /// raw weight ~ N(1, std) and the others ~ N(0, std).
    /// </param>
    /// <param name="std">Spread of the initial weights; null for the paper's small value of the gate.</param>
    public Wsgaf(int features = 1, Granularity per = Granularity.Neuron, IReadOnlyList<string>? components = null,
        WsgafGate gate = WsgafGate.Linear, string init = "all", double? std = null)
        : base("WSGAF", per, features)
    {
        _components = NamedFunctions.Resolve("wsgaf", "components", components ?? DefaultComponents);
        Gate = gate;
        var names = ComponentNames;
        if (init != "all" && !names.Contains(init))
            throw new ActivationSpecException("wsgaf", "init",
                $"expects all or a component ({string.Join("|", names)}), got '{init}'");
        _init = init;
        _std = std ?? StdOf("small", gate);
        Activations.Require(_std >= 0 && double.IsFinite(_std), "wsgaf", "std", _std, "a finite number >= 0");
        int k = _components.Length;
        var mean = new double[k];
        for (int j = 0; j < k; j++)
            mean[j] = init == "all" ? (gate == WsgafGate.Linear ? 1.0 / k : 0) : names[j] == init ? 1 : 0;
        using (no_grad()) weights = new Parameter(tensor(mean, float32).unsqueeze(0) + randn(Sets, k) * _std);
        _kernel = names.SequenceEqual(DefaultComponents)
            ? Kernels.RegisterBasis<Kernels.TanhReluSigmoidTerms>.Instance
            : Kernels.NamedKernelBasis.TryCreate(_components);
        RegisterComponents();
    }

    /// <summary>The gate.</summary>
    public WsgafGate Gate { get; }

    /// <summary>The raw weights w, shape [sets, K].</summary>
    public Parameter Weights => weights;

    /// <summary>Names of the components, in weight order.</summary>
    public override IReadOnlyList<string> ComponentNames => _components.Select(c => c.Name).ToArray();

    /// <inheritdoc />
    public override string Spec
    {
        get
        {
            var w = new SpecWriter("wsgaf").Per(Per, Granularity.Neuron)
                .Words("components", ComponentNames, DefaultComponents)
                .Word("gate", Gate == WsgafGate.Sigmoid ? "sigmoid" : "linear", "linear").Word("init", _init, "all");
            if (_std.Equals(StdOf("small", Gate))) return w.ToString();
            return _std.Equals(StdOf("large", Gate))
                ? w.Word("std", "large").ToString()
                : w.Number("std", _std, null).ToString();
        }
    }

    /// <inheritdoc />
    public override bool HasFusedKernel => _kernel is not null;

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => _components.SelectMany(c => c.Kinks).Distinct().ToArray();

    /// <summary>
    /// The paper's spread of the initial weights: small/large = 0.05/0.5 (linear), 0.1/1.0 (sigmoid).
    /// </summary>
    internal static double StdOf(string size, WsgafGate gate) => (size, gate) switch
    {
        ("small", WsgafGate.Linear) => 0.05,
        ("large", WsgafGate.Linear) => 0.5,
        ("small", _) => 0.1,
        _ => 1.0,
    };

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z)
    {
        var gated = Gate == WsgafGate.Sigmoid ? weights.sigmoid() : weights;
        if (_kernel is not null && Kernels.FusedKernels.Applies(z))
            return Kernels.CombinationFunction.apply(z, gated.to(z.dtype), null!, _kernel);
        Tensor? sum = null;
        for (int k = 0; k < _components.Length; k++)
        {
            var term = PerFeature(gated.select(1, k), z) * _components[k].Apply(z);
            sum = sum is null ? term : sum + term;
        }
        return sum!;
    }

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer)
    {
        var w = FormulaWriter.Values(weights);
        int k = _components.Length;
        writer.PerSet(Sets, i => string.Join(" + ", _components.Select((c, j) =>
        {
            double g = Gate == WsgafGate.Sigmoid ? 1 / (1 + Math.Exp(-w[i * k + j])) : w[i * k + j];
            return $"{writer.N(g)} * {c.Formula}";
        })));
    }
}

public static partial class Activations
{
    /// <summary>
    /// WSGAF, a weighted superposition of activation functions: <c>F(z) = sum_k g(w_k) phi_k(z)</c> over tanh, relu
    /// and sigmoid by default, with the raw weights w trained per neuron (WSGAF-1) or per layer (WSGAF-2).
    /// </summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">Per neuron (WSGAF-1) or per layer (WSGAF-2).</param>
    /// <param name="components">Names of the functions phi_k (see <see cref="NamedFunctions.All"/>).</param>
    /// <param name="gate">g(w) = w or sigmoid(w).</param>
    /// <param name="init"><c>all</c>, or the component whose raw weight starts at 1.</param>
    /// <param name="std">Spread of the initial weights; null for the paper's small value of the gate.</param>
    public static Wsgaf Wsgaf(int features = 1, Granularity per = Granularity.Neuron,
        IReadOnlyList<string>? components = null, WsgafGate gate = WsgafGate.Linear, string init = "all",
        double? std = null) => new(features, per, components, gate, init, std);
}
