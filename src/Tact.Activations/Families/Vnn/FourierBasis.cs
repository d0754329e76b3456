using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Fourier basis: sin(k omega z) and cos(k omega z) for k = 1..K (the VNN paper's example), optionally with z and 1,
/// since a purely periodic activation cannot extrapolate. Designed range: one period [-pi/omega, pi/omega].
/// </summary>
public sealed class FourierBasis(int terms, double omega, bool linear, bool constant) : Basis
{
    /// <inheritdoc />
    public override int Count => 2 * terms + (linear ? 1 : 0) + (constant ? 1 : 0);

    /// <inheritdoc />
    public override string Describe() => $"fourier(K={terms}, omega={I(omega)}{(linear ? ", z" : "")}{(constant ? ", 1" : "")})";

    /// <inheritdoc />
    public override (double Low, double High)? DesignedRange => (-Math.PI / omega, Math.PI / omega);

    internal override Kernels.PointwiseBasis Kernel { get; } = new Kernels.FourierKernelBasis(terms, omega, linear, constant);

    /// <inheritdoc />
    public override IEnumerable<Tensor> Evaluate(Tensor z)
    {
        for (int k = 1; k <= terms; k++)
        {
            var angle = z * (k * omega);
            yield return angle.sin();
            yield return angle.cos();
        }
        if (linear) yield return z;
        if (constant) yield return ones_like(z);
    }

    /// <inheritdoc />
    public override string Formula(FormulaWriter w, int i)
    {
        if (i < 2 * terms)
        {
            int k = i / 2 + 1;
            return $"{(i % 2 == 0 ? "sin" : "cos")}({C(w, k * omega)} * z)";
        }
        return i == 2 * terms && linear ? "z" : "1";
    }
}
