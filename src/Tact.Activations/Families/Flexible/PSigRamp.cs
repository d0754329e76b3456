using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// P-Sig-Ramp (eq. 4-5): <c>alpha sigmoid(z) + (1 - alpha) clamp(beta z + 1/2, 0, 1)</c>; alpha = 1 is the sigmoid.
/// </summary>
/// <param name="features">Features on dim 1 (needed per neuron).</param>
/// <param name="per">One parameter set per layer or per neuron.</param>
/// <param name="alpha">Initial weight of the first component, in [0, 1].</param>
/// <param name="beta">Initial inner parameter, &gt; 0.</param>
/// <param name="constraint">How alpha stays on the simplex.</param>
public sealed class PSigRamp(int features = 1, Granularity per = Granularity.Layer, double alpha = 0.5, double beta = 1,
    SimplexConstraint constraint = SimplexConstraint.Project)
    : FlexibleCombination("PSigRamp", features, per, [alpha, 1 - alpha], [1, 0], constraint, beta)
{
    /// <inheritdoc />
    public override string Spec => SpecStart("psigramp").Number("alpha", alpha, 0.5).Number("beta", beta, 1).ToString();

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
    protected override string[] ComponentFormulas(FormulaWriter w, double beta) =>
        ["sigmoid(z)", $"clamp({w.N(beta)} * z + 0.5, 0, 1)"];
}

public static partial class Activations
{
    /// <summary>
    /// P-Sig-Ramp (flexible-combination paper, eq. 4-5):
    /// <c>alpha sigmoid(z) + (1 - alpha) clamp(beta z + 1/2, 0, 1)</c>. alpha on the simplex is trained, with beta.
    /// </summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">One parameter set per layer or per neuron.</param>
    /// <param name="alpha">Initial weight of sigmoid, in [0, 1].</param>
    /// <param name="beta">Initial inner parameter, &gt; 0.</param>
    /// <param name="constraint">How alpha stays on the simplex.</param>
    public static PSigRamp PSigRamp(int features = 1, Granularity per = Granularity.Layer, double alpha = 0.5,
        double beta = 1, SimplexConstraint constraint = SimplexConstraint.Project) =>
        new(features, per, alpha, beta, constraint);
}
