using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>P-E2-ReLU (eq. 6, second line): <c>alpha relu(z) + (1 - alpha) (elu(z; beta) - elu(-z; beta))</c>; alpha = 1 is ReLU.</summary>
public sealed class PE2ReLU(string spec, Granularity per, int sets, double alpha, double beta, SimplexConstraint constraint)
    : FlexibleCombination("PE2ReLU", spec, per, sets, [alpha, 1 - alpha], [1, 0], constraint, beta)
{
    internal override Kernels.PointwiseBasis Kernel => Kernels.RegisterBasis<Kernels.E2Terms<Kernels.ClampMinTerm>>.Instance;

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => [0.0];

    /// <inheritdoc />
    protected override Tensor[] ComponentValues(Tensor z, Tensor? beta) => [z.clamp_min(0), Elu(z, beta!) - Elu(-z, beta!)];

    /// <inheritdoc />
    protected override string[] ComponentFormulas(FormulaWriter w, double beta) =>
        ["relu(z)", $"{EluFormula(w, "z", beta)} - ({EluFormula(w, "-z", beta)})"];
}
