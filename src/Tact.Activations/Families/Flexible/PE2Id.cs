using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>P-E2-Id (eq. 6, third line): <c>alpha z + (1 - alpha) (elu(z; beta) - elu(-z; beta))</c>; alpha = 1 is the identity.</summary>
public sealed class PE2Id(string spec, Granularity per, int sets, double alpha, double beta, SimplexConstraint constraint)
    : FlexibleCombination("PE2Id", spec, per, sets, [alpha, 1 - alpha], [1, 0], constraint, beta)
{
    internal override Kernels.PointwiseBasis Kernel => Kernels.RegisterBasis<Kernels.E2Terms<Kernels.IdentityTerm>>.Instance;

    /// <inheritdoc />
    protected override Tensor[] ComponentValues(Tensor z, Tensor? beta) => [z, Elu(z, beta!) - Elu(-z, beta!)];

    /// <inheritdoc />
    protected override string[] ComponentFormulas(FormulaWriter w, double beta) =>
        ["z", $"{EluFormula(w, "z", beta)} - ({EluFormula(w, "-z", beta)})"];
}
