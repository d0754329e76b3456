using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Fourier basis: sin(k omega z) and cos(k omega z) for k = 1..K (the VNN paper's example), optionally with z and 1,
/// since a purely periodic activation cannot extrapolate. Designed range: one period [-pi/omega, pi/omega].
/// </summary>
/// <param name="terms">K, at least 1.</param>
/// <param name="omega">Base frequency, &gt; 0.</param>
/// <param name="linear">Add the term z.</param>
/// <param name="constant">Add the term 1.</param>
public sealed class FourierBasis(int terms = 4, double omega = 1, bool linear = true, bool constant = true) : Basis
{
    /// <summary>K: sin and cos of k omega z for k = 1..K.</summary>
    public int Terms { get; } = Checked(terms, omega);

    /// <summary>The base frequency.</summary>
    public double Omega => omega;

    /// <summary>Whether the term z is included.</summary>
    public bool Linear => linear;

    /// <summary>Whether the term 1 is included.</summary>
    public bool Constant => constant;

    /// <inheritdoc />
    public override int Count => 2 * terms + (linear ? 1 : 0) + (constant ? 1 : 0);

    internal override void WriteSpec(Spec.SpecWriter spec) => spec.Number("terms", terms, 4).Number("omega", omega, 1)
        .Flag("linear", linear, true).Flag("constant", constant, true);

    private static int Checked(int terms, double omega)
    {
        Activations.Require(terms is >= 1 and <= 1000, "vnn", "terms", terms, "a whole number in [1, 1000]");
        Activations.Require(omega > 0 && double.IsFinite(omega), "vnn", "omega", omega, "a finite number > 0");
        return terms;
    }

    /// <inheritdoc />
    public override (double Low, double High)? DesignedRange => (-Math.PI / omega, Math.PI / omega);

    internal override Kernels.PointwiseBasis Kernel { get; } =
        new Kernels.FourierKernelBasis(terms, omega, linear, constant);

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
