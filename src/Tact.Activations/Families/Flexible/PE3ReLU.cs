using static TorchSharp.torch;

namespace Tact.Activations;

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
