using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Basis-expansion activation ("variational neural networks"): <c>F(z) = sum_i a_i f_i(z)</c> over a fixed
/// <see cref="Basis"/>, with the coefficients a trained together with the weights, per layer or per neuron.
/// </summary>
public sealed class Vnn : ActivationModule
{
    private readonly Basis _basis;
    private readonly Parameter coefficients;

    /// <summary>Creates the module with initial coefficients [sets, M].</summary>
    public Vnn(Basis basis, Granularity per, int sets, Tensor initial, string spec)
        : base("Vnn", spec, per, sets)
    {
        if (initial.shape[0] != Sets || initial.shape[1] != basis.Count)
            throw new ArgumentException($"vnn: initial coefficients must have shape [{Sets}, {basis.Count}], got [{string.Join(", ", initial.shape)}]");
        _basis = basis;
        coefficients = new Parameter(initial.to(float32).contiguous());
        RegisterComponents();
    }

    /// <summary>The basis.</summary>
    public Basis Basis => _basis;

    /// <summary>The coefficients a, shape [sets, M].</summary>
    public Parameter Coefficients => coefficients;

    /// <inheritdoc />
    public override (double Low, double High)? DesignedRange => _basis.DesignedRange;

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => _basis.Kinks;

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z)
    {
        var a = coefficients.to(z.dtype);
        if (_basis.Kernel is { } kernel && Kernels.FusedKernels.Applies(z)) return Kernels.CombinationFunction.apply(z, a, null!, kernel);
        Tensor? sum = null;
        int i = 0;
        foreach (var f in _basis.Evaluate(z))
        {
            var term = PerFeature(a.select(1, i++), z) * f;
            sum = sum is null ? term : sum + term;
        }
        return sum!;
    }

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer)
    {
        var a = FormulaWriter.Values(coefficients);
        int m = _basis.Count;
        writer.PerSet(Sets, s => string.Join(" + ", Enumerable.Range(0, m).Select(i => $"{writer.N(a[s * m + i])} * {_basis.Formula(writer, i)}")));
    }

    /// <summary>
    /// Least-squares coefficients [M] that make the expansion mimic <paramref name="target"/> on [low, high]
    /// (512 evenly spaced points, solved in float64).
    /// </summary>
    public static Tensor Fit(Basis basis, NamedFunction target, double low, double high)
    {
        using var scope = NewDisposeScope();
        var z = linspace(low, high, 512, float64);
        var design = stack(basis.Evaluate(z).ToArray(), 1);
        var y = target.Apply(z).unsqueeze(1);
        var solution = linalg.lstsq(design, y).Solution.squeeze(1);
        return solution.to(float32).MoveToOuterDisposeScope();
    }
}
