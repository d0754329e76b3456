using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>A list of named fixed functions (relu, tanh, sigmoid, ...).</summary>
/// <param name="functions">The functions, each at most once.</param>
public sealed class FunctionsBasis(NamedFunction[] functions) : Basis
{
    /// <summary>The default list: relu, tanh, sigmoid.</summary>
    internal static readonly string[] DefaultNames = ["relu", "tanh", "sigmoid"];

    /// <summary>Creates the basis of the named functions (see <see cref="NamedFunctions.All"/>).</summary>
    public FunctionsBasis(params string[] names) : this(NamedFunctions.Resolve("vnn", "fns", names))
    {
    }

    /// <summary>The functions.</summary>
    public IReadOnlyList<NamedFunction> Functions => functions;

    /// <inheritdoc />
    public override int Count => functions.Length;

    internal override void WriteSpec(Spec.SpecWriter spec) =>
        spec.Word("basis", "functions").Words("fns", functions.Select(f => f.Name).ToArray(), DefaultNames);

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks => functions.SelectMany(f => f.Kinks).Distinct().ToArray();

    /// <inheritdoc />
    public override IEnumerable<Tensor> Evaluate(Tensor z) => functions.Select(f => f.Apply(z));

    internal override Kernels.PointwiseBasis? Kernel { get; } = Kernels.NamedKernelBasis.TryCreate(functions);

    /// <inheritdoc />
    public override string Formula(FormulaWriter w, int i) => functions[i].Formula;
}
