using static TorchSharp.torch;

namespace Tact.Activations;

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
