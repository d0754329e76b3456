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
    private readonly NamedFunction[] _components;
    private readonly Parameter weights;
    private readonly Kernels.PointwiseBasis? _kernel;

    /// <summary>Creates the module with the given initial raw weights [sets, K].</summary>
    public Wsgaf(NamedFunction[] components, WsgafGate gate, Granularity per, int sets, Tensor initialWeights, string spec)
        : base("WSGAF", spec, per, sets)
    {
        if (initialWeights.shape[0] != Sets || initialWeights.shape[1] != components.Length)
            throw new ArgumentException($"WSGAF: initial weights must have shape [{Sets}, {components.Length}], got [{string.Join(", ", initialWeights.shape)}]");
        _components = components;
        Gate = gate;
        weights = new Parameter(initialWeights.to(float32).contiguous());
        _kernel = Kernels.NamedKernelBasis.TryCreate(components.Select(c => c.Name));
        RegisterComponents();
    }

    /// <summary>The gate.</summary>
    public WsgafGate Gate { get; }

    /// <summary>The raw weights w, shape [sets, K].</summary>
    public Parameter Weights => weights;

    /// <summary>Names of the components, in weight order.</summary>
    public IReadOnlyList<string> ComponentNames => _components.Select(c => c.Name).ToArray();

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => _components.SelectMany(c => c.Kinks).Distinct().ToArray();

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
