using static TorchSharp.torch;

namespace Tact.Activations.Families.Flexible;

/// <summary>P-Sig-Ramp (eq. 4-5): <c>alpha sigmoid(z) + (1 - alpha) clamp(beta z + 1/2, 0, 1)</c>; alpha = 1 is the sigmoid.</summary>
public sealed class PSigRamp(string spec, Granularity per, int sets, double alpha, double beta, SimplexConstraint constraint)
    : FlexibleCombination("PSigRamp", spec, per, sets, [alpha, 1 - alpha], [1, 0], constraint, beta)
{
    internal override Kernels.PointwiseBasis Kernel => Kernels.RegisterBasis<Kernels.SigmoidRampTerms>.Instance;

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks()
    {
        // The ramp's corners at z = -1/(2 beta) and z = 1/(2 beta), for every set.
        var b = FormulaWriter.Values(Beta()!);
        return b.SelectMany(x => new[] { -0.5 / x, 0.5 / x }).ToArray();
    }

    /// <inheritdoc />
    protected override Tensor[] ComponentValues(Tensor z, Tensor? beta) => [z.sigmoid(), (beta! * z + 0.5).clamp(0, 1)];

    /// <inheritdoc />
    protected override string[] ComponentFormulas(FormulaWriter w, double beta) => ["sigmoid(z)", $"clamp({w.N(beta)} * z + 0.5, 0, 1)"];
}

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

/// <summary>P-E3-ReLU (eq. 6, first line): <c>a relu(z) + b elu(z) + (1 - a - b) (-elu(-z))</c>; (1, 0, 0) is ReLU.</summary>
public sealed class PE3ReLU(string spec, Granularity per, int sets, double a, double b, SimplexConstraint constraint)
    : FlexibleCombination("PE3ReLU", spec, per, sets, [a, b, 1 - a - b], [1, 0, 0], constraint, null)
{
    internal override Kernels.PointwiseBasis Kernel => Kernels.RegisterBasis<Kernels.E3Terms>.Instance;

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => [0.0];

    /// <inheritdoc />
    protected override Tensor[] ComponentValues(Tensor z, Tensor? beta) =>
        [z.clamp_min(0), nn.functional.elu(z, 1.0), -nn.functional.elu(-z, 1.0)];

    /// <inheritdoc />
    protected override string[] ComponentFormulas(FormulaWriter w, double beta) => ["relu(z)", "elu(z)", "-elu(-z)"];
}
