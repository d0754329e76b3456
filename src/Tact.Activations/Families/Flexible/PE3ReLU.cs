using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// P-E3-ReLU (eq. 6, first line): <c>a relu(z) + b elu(z) + (1 - a - b) (-elu(-z))</c>; (1, 0, 0) is ReLU.
/// </summary>
/// <param name="features">Features on dim 1 (needed per neuron).</param>
/// <param name="per">One parameter set per layer or per neuron.</param>
/// <param name="a">Initial weight of relu.</param>
/// <param name="b">Initial weight of elu; a + b &lt;= 1.</param>
/// <param name="constraint">How the weights stay on the simplex.</param>
public sealed class PE3ReLU(int features = 1, Granularity per = Granularity.Layer, double a = 1.0 / 3,
    double b = 1.0 / 3, SimplexConstraint constraint = SimplexConstraint.Project)
    : FlexibleCombination("PE3ReLU", features, per, [a, b, 1 - a - b], [1, 0, 0], constraint, null)
{
    /// <inheritdoc />
    public override string Spec => SpecStart("pe3relu").Number("a", a, 1.0 / 3).Number("b", b, 1.0 / 3).ToString();

    internal override Kernels.PointwiseBasis Kernel => Kernels.RegisterBasis<Kernels.E3Terms>.Instance;

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => [0.0];

    /// <inheritdoc />
    protected override Tensor[] ComponentValues(Tensor z, Tensor? beta) =>
        [z.clamp_min(0), nn.functional.elu(z, 1.0), -nn.functional.elu(-z, 1.0)];

    /// <inheritdoc />
    protected override string[] ComponentFormulas(FormulaWriter w, double beta) => ["relu(z)", "elu(z)", "-elu(-z)"];
}

public static partial class Activations
{
    /// <summary>
    /// P-E3-ReLU (flexible-combination paper, eq. 6): <c>a relu(z) + b elu(z) + (1 - a - b) (-elu(-z))</c> with the
    /// weights trained on the simplex.
    /// </summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">One parameter set per layer or per neuron.</param>
    /// <param name="a">Initial weight of relu.</param>
    /// <param name="b">Initial weight of elu; a + b &lt;= 1.</param>
    /// <param name="constraint">How the weights stay on the simplex.</param>
    public static PE3ReLU PE3ReLU(int features = 1, Granularity per = Granularity.Layer, double a = 1.0 / 3,
        double b = 1.0 / 3, SimplexConstraint constraint = SimplexConstraint.Project) =>
        new(features, per, a, b, constraint);
}
