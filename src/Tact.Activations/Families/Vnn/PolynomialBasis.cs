using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Polynomials of degree 0..d in u = squash(z), where squash is tanh or clamp to [-1, 1] (fixed, not trained), so
/// the polynomial is only ever evaluated on [-1, 1]. Designed range: [-1, 1] with clamp; with tanh, the interval
/// where tanh is not saturated (|tanh z| &lt; 0.995, |z| &lt; 2.99).
/// </summary>
public sealed class PolynomialBasis : Basis
{
    private readonly int _degree;
    private readonly PolynomialKind _kind;
    private readonly bool _clamp;
    private readonly double[][] _monomials;

    /// <summary>Creates the basis.</summary>
    /// <param name="kind">Power, Chebyshev or Legendre polynomials.</param>
    /// <param name="degree">Highest degree d, in [0, 30].</param>
    /// <param name="clamp">Squash z into [-1, 1] by clamping instead of tanh.</param>
    public PolynomialBasis(PolynomialKind kind, int degree = 3, bool clamp = false)
    {
        Activations.Require(degree is >= 0 and <= 30, "vnn", "degree", degree, "a whole number in [0, 30]");
        _kind = kind;
        _degree = degree;
        _clamp = clamp;
        _monomials = Enumerable.Range(0, degree + 1).Select(n => Monomials(kind, n)).ToArray();
        Kernel = new Kernels.PolynomialKernelBasis(kind, degree, clamp);
    }

    internal override Kernels.PointwiseBasis Kernel { get; }

    /// <inheritdoc />
    public override int Count => _degree + 1;

    internal override void WriteSpec(Spec.SpecWriter spec) =>
        spec.Word("basis", SpecName(_kind)).Number("degree", _degree, 3)
            .Word("squash", _clamp ? "clamp" : "tanh", "tanh");

    /// <summary>The polynomial family.</summary>
    public PolynomialKind Kind => _kind;

    /// <summary>The highest degree d.</summary>
    public int Degree => _degree;

    /// <summary>Whether z is squashed by clamping (else by tanh).</summary>
    public bool Clamp => _clamp;

    /// <summary>The word for <paramref name="kind"/> in specs.</summary>
    internal static string SpecName(PolynomialKind kind) => kind switch
    {
        PolynomialKind.Power => "poly",
        PolynomialKind.Chebyshev => "chebyshev",
        _ => "legendre",
    };

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks => _clamp ? [-1.0, 1.0] : [];

    /// <inheritdoc />
    public override (double Low, double High)? DesignedRange =>
        _clamp ? (-1, 1) : (-Math.Atanh(0.995), Math.Atanh(0.995));

    /// <inheritdoc />
    public override IEnumerable<Tensor> Evaluate(Tensor z)
    {
        var u = _clamp ? z.clamp(-1, 1) : z.tanh();
        Tensor previous = ones_like(u), current = u;
        yield return previous;
        if (_degree == 0) yield break;
        yield return _kind == PolynomialKind.Power ? u : current;
        for (int n = 1; n < _degree; n++)
        {
            var next = _kind switch
            {
                PolynomialKind.Power => current * u,
                PolynomialKind.Chebyshev => 2 * u * current - previous,
                _ => ((2 * n + 1) * u * current - n * previous) / (n + 1),
            };
            (previous, current) = (current, next);
            yield return current;
        }
    }

    /// <inheritdoc />
    public override string Formula(FormulaWriter w, int i)
    {
        var u = _clamp ? "clamp(z, -1, 1)" : "tanh(z)";
        var terms = new List<string>();
        for (int j = 0; j < _monomials[i].Length; j++)
        {
            if (_monomials[i][j] == 0) continue; // exactly zero by construction, not by rounding
            var power = j == 0 ? "1" : string.Join(" * ", Enumerable.Repeat(u, j));
            terms.Add($"{C(w, _monomials[i][j])} * {power}");
        }
        return terms.Count == 0 ? "0" : "(" + string.Join(" + ", terms) + ")";
    }

    /// <summary>Monomial coefficients of polynomial n of the family, lowest power first.</summary>
    private static double[] Monomials(PolynomialKind kind, int n)
    {
        var result = new double[n + 1];
        if (kind == PolynomialKind.Power) { result[n] = 1; return result; }
        double[] previous = [1], current = n == 0 ? [1] : [0, 1];
        if (n == 0) return previous;
        for (int m = 1; m < n; m++)
        {
            var next = new double[m + 2];
            for (int j = 0; j <= m; j++)
            {
                double shifted = current[j];
                next[j + 1] += kind == PolynomialKind.Chebyshev ? 2 * shifted : (2 * m + 1) * shifted / (m + 1);
            }
            for (int j = 0; j < previous.Length; j++)
                next[j] -= kind == PolynomialKind.Chebyshev ? previous[j] : m * previous[j] / (m + 1);
            (previous, current) = (current, next);
        }
        return current;
    }
}
