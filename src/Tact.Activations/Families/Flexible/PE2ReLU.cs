using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// P-E2-ReLU (eq. 6, second line): <c>alpha relu(z) + (1 - alpha) (elu(z; beta) - elu(-z; beta))</c>; alpha = 1 is
/// ReLU.
/// </summary>
/// <param name="features">Features on dim 1 (needed per neuron).</param>
/// <param name="per">One parameter set per layer or per neuron.</param>
/// <param name="alpha">Initial weight of the first component, in [0, 1].</param>
/// <param name="beta">Initial inner parameter, &gt; 0.</param>
/// <param name="constraint">How alpha stays on the simplex.</param>
public sealed class PE2ReLU(int features = 1, Granularity per = Granularity.Layer, double alpha = 0.5, double beta = 1,
    SimplexConstraint constraint = SimplexConstraint.Project)
    : FlexibleCombination("PE2ReLU", features, per, [alpha, 1 - alpha], [1, 0], constraint, beta)
{
    /// <inheritdoc />
    public override string Spec => SpecStart("pe2relu").Number("alpha", alpha, 0.5).Number("beta", beta, 1).ToString();

    internal override Kernels.PointwiseBasis Kernel =>
        Kernels.RegisterBasis<Kernels.E2Terms<Kernels.ClampMinTerm>>.Instance;

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => [0.0];

    /// <inheritdoc />
    protected override Tensor[] ComponentValues(Tensor z, Tensor? beta) => [z.clamp_min(0), E2(z, beta!)];

    /// <inheritdoc />
    protected override string[] ComponentFormulas(FormulaWriter w, double beta) =>
        ["relu(z)", $"{EluFormula(w, "z", beta)} - ({EluFormula(w, "-z", beta)})"];
}

public static partial class Activations
{
    /// <summary>
    /// P-E2-ReLU (eq. 6): <c>alpha relu(z) + (1 - alpha) (elu(z; beta) - elu(-z; beta))</c>. alpha on the simplex is
    /// trained, with beta.
    /// </summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">One parameter set per layer or per neuron.</param>
    /// <param name="alpha">Initial weight of relu, in [0, 1].</param>
    /// <param name="beta">Initial inner parameter, &gt; 0.</param>
    /// <param name="constraint">How alpha stays on the simplex.</param>
    public static PE2ReLU PE2ReLU(int features = 1, Granularity per = Granularity.Layer, double alpha = 0.5,
        double beta = 1, SimplexConstraint constraint = SimplexConstraint.Project) =>
        new(features, per, alpha, beta, constraint);
}
