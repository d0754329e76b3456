using System.Globalization;
using static TorchSharp.torch;

namespace Tact.Activations.Families.BasisExpansion;

/// <summary>A fixed set of functions f_1..f_M whose trained combination is a basis-expansion activation.</summary>
public abstract class Basis
{
    /// <summary>Number of functions M.</summary>
    public abstract int Count { get; }

    /// <summary>Short description for specs and docs.</summary>
    public abstract string Describe();

    /// <summary>The values f_i(z), each shaped like <paramref name="z"/>.</summary>
    public abstract IEnumerable<Tensor> Evaluate(Tensor z);

    /// <summary>The formula of f_i in z (syntax of <see cref="FormulaWriter"/>).</summary>
    public abstract string Formula(FormulaWriter w, int i);

    /// <summary>Where the functions may not be differentiable.</summary>
    public virtual IReadOnlyList<double> Kinks => [];

    /// <summary>The interval where the basis is designed to work, if any.</summary>
    public virtual (double Low, double High)? DesignedRange => null;

    /// <summary>The same functions for the fused CPU kernel, or null where there is none.</summary>
    internal virtual Kernels.PointwiseBasis? Kernel => null;

    /// <summary>Formats a constant for formulas the way <see cref="FormulaWriter.N"/> does.</summary>
    protected static string C(FormulaWriter w, double x) => w.N(x);

    /// <summary>Invariant formatting.</summary>
    protected static string I(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}

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

/// <summary>The polynomial families of <see cref="PolynomialBasis"/>.</summary>
public enum PolynomialKind
{
    /// <summary>Monomials u^0..u^d.</summary>
    Power,
    /// <summary>Chebyshev polynomials of the first kind T_0..T_d.</summary>
    Chebyshev,
    /// <summary>Legendre polynomials P_0..P_d.</summary>
    Legendre,
}

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
    public PolynomialBasis(PolynomialKind kind, int degree, bool clamp)
    {
        _kind = kind;
        _degree = degree;
        _clamp = clamp;
        _monomials = Enumerable.Range(0, degree + 1).Select(n => Monomials(kind, n)).ToArray();
        Kernel = new Kernels.PolynomialKernelBasis(kind, degree, clamp);
    }

    internal override Kernels.PointwiseBasis Kernel { get; }

    /// <inheritdoc />
    public override int Count => _degree + 1;

    /// <inheritdoc />
    public override string Describe() => $"{_kind.ToString().ToLowerInvariant()}(degree={_degree}, squash={(_clamp ? "clamp" : "tanh")})";

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks => _clamp ? [-1.0, 1.0] : [];

    /// <inheritdoc />
    public override (double Low, double High)? DesignedRange => _clamp ? (-1, 1) : (-Math.Atanh(0.995), Math.Atanh(0.995));

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

/// <summary>A list of named fixed functions (relu, tanh, sigmoid, ...).</summary>
public sealed class FunctionsBasis(NamedFunction[] functions) : Basis
{
    /// <inheritdoc />
    public override int Count => functions.Length;

    /// <inheritdoc />
    public override string Describe() => $"functions([{string.Join(", ", functions.Select(f => f.Name))}])";

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks => functions.SelectMany(f => f.Kinks).Distinct().ToArray();

    /// <inheritdoc />
    public override IEnumerable<Tensor> Evaluate(Tensor z) => functions.Select(f => f.Apply(z));

    internal override Kernels.PointwiseBasis? Kernel { get; } = Kernels.NamedKernelBasis.TryCreate(functions.Select(f => f.Name));

    /// <inheritdoc />
    public override string Formula(FormulaWriter w, int i) => functions[i].Formula;
}
