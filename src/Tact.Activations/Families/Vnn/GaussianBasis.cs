using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Gaussian radial basis: exp(-((z - c_j) / width)^2) for M centres evenly spaced on [low, high]; the width defaults
/// to the spacing. Designed range: [low - width, high + width].
/// </summary>
public sealed class GaussianBasis(int centers, double low, double high, double width) : Basis
{
    private double Center(int j) => centers == 1 ? (low + high) / 2 : low + j * (high - low) / (centers - 1);

    /// <inheritdoc />
    public override int Count => centers;

    /// <inheritdoc />
    public override string Describe() => $"gaussian(M={centers} on [{I(low)}, {I(high)}], width={I(width)})";

    /// <inheritdoc />
    public override (double Low, double High)? DesignedRange => (low - width, high + width);

    private Kernels.PointwiseBasis? _kernel;

    // Made once, on the first forward pass, rather than on every one.
    internal override Kernels.PointwiseBasis Kernel =>
        _kernel ??= new Kernels.GaussianKernelBasis([.. Enumerable.Range(0, centers).Select(Center)], width);

    /// <inheritdoc />
    public override IEnumerable<Tensor> Evaluate(Tensor z)
    {
        for (int j = 0; j < centers; j++) yield return ((z - Center(j)) / width).square().neg().exp();
    }

    /// <inheritdoc />
    public override string Formula(FormulaWriter w, int i)
    {
        var t = $"((z - {C(w, Center(i))}) / {C(w, width)})";
        return $"exp(-({t} * {t}))";
    }
}
