using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>A list of named fixed functions (relu, tanh, sigmoid, ...).</summary>
public sealed class FunctionsBasis(NamedFunction[] functions) : Basis
{
    /// <inheritdoc />
    public override int Count => functions.Length;

    /// <inheritdoc />
    public override string Describe() => $"functions([{string.Join(", ", functions.Select(f => f.Name))}])";

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks => functions.SelectMany(f => f.Kinks).Distinct().ToArray();

    /// <inheritdoc />
    public override IEnumerable<Tensor> Evaluate(Tensor z) => functions.Select(f => f.Apply(z));

    internal override Kernels.PointwiseBasis? Kernel { get; } = Kernels.NamedKernelBasis.TryCreate(functions.Select(f => f.Name));

    /// <inheritdoc />
    public override string Formula(FormulaWriter w, int i) => functions[i].Formula;
}
