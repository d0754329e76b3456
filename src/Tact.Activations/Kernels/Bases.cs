using System.Numerics;
using System.Numerics.Tensors;
using Tact.Activations.Families.BasisExpansion;

namespace Tact.Activations.Kernels;

/// <summary>
/// Polynomials P_0..P_d of u = clamp(x, -1, 1) or tanh(x), by the family's three-term recurrence; slopes by the
/// recurrence of the derivatives, times du/dx.
/// </summary>
internal sealed class PolynomialKernelBasis(PolynomialKind kind, int degree, bool clamp) : SpanBasis
{
    public override int Count => degree + 1;

    public override void Values<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, Span<T> values, Span<T> work)
    {
        int n = x.Length;
        Span<T> u = Row(work, 0, n);
        Squash(x, u);
        Row(values, 0, n).Fill(T.One);
        if (degree == 0) return;
        u.CopyTo(Row(values, 1, n));
        for (int m = 1; m < degree; m++)
        {
            ReadOnlySpan<T> previous = Row(values, m - 1, n), current = Row(values, m, n);
            Span<T> next = Row(values, m + 1, n);
            TensorPrimitives.Multiply(u, current, next);
            switch (kind)
            {
                case PolynomialKind.Chebyshev:                       // T_(m+1) = 2 u T_m - T_(m-1)
                    TensorPrimitives.Multiply(next, T.CreateTruncating(2), next);
                    TensorPrimitives.Subtract(next, previous, next);
                    break;
                case PolynomialKind.Legendre:                        // P_(m+1) = ((2m+1) u P_m - m P_(m-1)) / (m+1)
                    TensorPrimitives.Multiply(next, T.CreateTruncating(2 * m + 1), next);
                    TensorPrimitives.MultiplyAdd(previous, T.CreateTruncating(-m), next, next);
                    TensorPrimitives.Divide(next, T.CreateTruncating(m + 1), next);
                    break;
            }
        }
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, ReadOnlySpan<T> values, Span<T> slopes,
        Span<T> betaSlopes, Span<T> work)
    {
        int n = x.Length;
        // dP_m/du, row by row
        Row(slopes, 0, n).Clear();
        if (degree == 0) return;
        ReadOnlySpan<T> u = Row(values, 1, n);      // P_1 = u: the squash is not computed again
        Span<T> du = Row(work, 0, n);
        Row(slopes, 1, n).Fill(T.One);
        for (int m = 1; m < degree; m++)
        {
            ReadOnlySpan<T> value = Row(values, m, n), slope = Row(slopes, m, n), before = Row(slopes, m - 1, n);
            Span<T> next = Row(slopes, m + 1, n);
            switch (kind)
            {
                case PolynomialKind.Power:                           // (u^(m+1))' = (m+1) u^m
                    TensorPrimitives.Multiply(value, T.CreateTruncating(m + 1), next);
                    break;
                case PolynomialKind.Chebyshev:                       // T'_(m+1) = 2 T_m + 2 u T'_m - T'_(m-1)
                    TensorPrimitives.Multiply(u, slope, next);
                    TensorPrimitives.Add(next, value, next);
                    TensorPrimitives.Multiply(next, T.CreateTruncating(2), next);
                    TensorPrimitives.Subtract(next, before, next);
                    break;
                default:                                             // P'_(m+1) = P'_(m-1) + (2m+1) P_m
                    TensorPrimitives.MultiplyAdd(value, T.CreateTruncating(2 * m + 1), before, next);
                    break;
            }
        }
        // du/dx: the clamp's mask (the gradient passes at the bounds, as clamp's backward has it) or 1 - tanh^2
        if (clamp) SpanMath.Inside(x, -T.One, T.One, du);
        else
        {
            TensorPrimitives.Multiply(u, u, du);
            TensorPrimitives.Subtract(T.One, du, du);
        }
        for (int m = 1; m <= degree; m++) TensorPrimitives.Multiply(Row(slopes, m, n), du, Row(slopes, m, n));
    }

    private void Squash<T>(ReadOnlySpan<T> x, Span<T> u) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (clamp) TensorPrimitives.Clamp(x, -T.One, T.One, u);
        else TensorPrimitives.Tanh(x, u);
    }
}

/// <summary>Gaussian bumps exp(-((x - c_j) / width)^2); slope -2 (x - c_j) / width^2 times the bump.</summary>
internal sealed class GaussianKernelBasis(double[] centers, double width) : SpanBasis
{
    public override int Count => centers.Length;

    public override void Values<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, Span<T> values, Span<T> work)
    {
        int n = x.Length;
        for (int j = 0; j < centers.Length; j++)
        {
            var row = Row(values, j, n);
            Scaled(x, j, row);
            TensorPrimitives.Multiply(row, row, row);
            TensorPrimitives.Negate<T>(row, row);
            TensorPrimitives.Exp<T>(row, row);
        }
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, ReadOnlySpan<T> values, Span<T> slopes,
        Span<T> betaSlopes, Span<T> work)
    {
        int n = x.Length;
        for (int j = 0; j < centers.Length; j++)
        {
            var row = Row(slopes, j, n);
            Scaled(x, j, row);
            TensorPrimitives.Multiply(row, Row(values, j, n), row);
            TensorPrimitives.Multiply(row, T.CreateTruncating(-2 / width), row);
        }
    }

    // (x - c_j) / width, as the composed ops compute it
    private void Scaled<T>(ReadOnlySpan<T> x, int j, Span<T> dest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Subtract(x, T.CreateTruncating(centers[j]), dest);
        TensorPrimitives.Divide(dest, T.CreateTruncating(width), dest);
    }
}

/// <summary>
/// A list of named functions (WSGAF's components, a basis of named functions). <see cref="TryCreate"/> returns null
/// when one of them has no fused form (gelu: .NET has no vectorised erf), and the family runs the composed ops.
/// </summary>
internal sealed class NamedKernelBasis : SpanBasis
{
    private static readonly HashSet<string> Fused =
        ["relu", "tanh", "sigmoid", "elu", "silu", "softplus", "identity", "sin", "cos", "gaussian"];

    private readonly string[] _names;

    private NamedKernelBasis(string[] names) => _names = names;

    /// <summary>
    /// The basis of those functions, or null if one has no fused form. WSGAF's default list, tanh, relu, sigmoid, gets
    /// the register kernel; other lists the span passes.
    /// </summary>
    public static PointwiseBasis? TryCreate(IEnumerable<string> names)
    {
        var list = names.ToArray();
        if (list.SequenceEqual(["tanh", "relu", "sigmoid"])) return RegisterBasis<TanhReluSigmoidTerms>.Instance;
        return list.All(Fused.Contains) ? new NamedKernelBasis(list) : null;
    }

    public override int Count => _names.Length;

    public override void Values<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, Span<T> values, Span<T> work)
    {
        int n = x.Length;
        for (int k = 0; k < _names.Length; k++)
        {
            var v = Row(values, k, n);
            switch (_names[k])
            {
                case "relu": TensorPrimitives.Max(x, T.Zero, v); break;
                case "tanh": TensorPrimitives.Tanh(x, v); break;
                case "sigmoid": TensorPrimitives.Sigmoid(x, v); break;
                case "elu": Elu(x, v, work[..n]); break;
                case "silu":
                    TensorPrimitives.Sigmoid(x, v);
                    TensorPrimitives.Multiply(v, x, v);
                    break;
                case "softplus": Softplus(x, v); break;
                case "identity": x.CopyTo(v); break;
                case "sin": TensorPrimitives.Sin(x, v); break;
                case "cos": TensorPrimitives.Cos(x, v); break;
                case "gaussian":
                    TensorPrimitives.Multiply(x, x, v);
                    TensorPrimitives.Negate<T>(v, v);
                    TensorPrimitives.Exp<T>(v, v);
                    break;
                default: throw new InvalidOperationException($"no fused form of {_names[k]}");
            }
        }
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, ReadOnlySpan<T> values, Span<T> slopes,
        Span<T> betaSlopes, Span<T> work)
    {
        int n = x.Length;
        var w = work[..n];
        for (int k = 0; k < _names.Length; k++)
        {
            ReadOnlySpan<T> v = Row(values, k, n);
            var s = Row(slopes, k, n);
            switch (_names[k])
            {
                case "relu": SpanMath.Step(x, inclusive: false, s); break;
                case "tanh":                                          // 1 - tanh^2
                    TensorPrimitives.Multiply(v, v, s);
                    TensorPrimitives.Subtract(T.One, s, s);
                    break;
                case "sigmoid":                                       // s (1 - s)
                    TensorPrimitives.Subtract(T.One, v, s);
                    TensorPrimitives.Multiply(s, v, s);
                    break;
                case "elu":                                           // 1 above 0, elu + 1 = exp(x) below
                    TensorPrimitives.Add(v, T.One, w);
                    s.Fill(T.One);
                    SpanMath.WherePositive(x, s, w, s);
                    break;
                case "silu":                                          // sig + silu (1 - sig)
                    TensorPrimitives.Sigmoid(x, w);
                    TensorPrimitives.Subtract(T.One, w, s);
                    TensorPrimitives.MultiplyAdd(s, v, w, s);
                    break;
                case "softplus": SoftplusSlope(x, s); break;
                case "identity": s.Fill(T.One); break;
                case "sin": TensorPrimitives.Cos(x, s); break;
                case "cos":
                    TensorPrimitives.Sin(x, s);
                    TensorPrimitives.Negate<T>(s, s);
                    break;
                case "gaussian":                                      // -2 x exp(-x^2)
                    TensorPrimitives.Multiply(x, v, s);
                    TensorPrimitives.Multiply(s, T.CreateTruncating(-2), s);
                    break;
            }
        }
    }

    /// <summary>elu(x) = x above 0, exp(x) - 1 below (expm1, as libtorch computes it).</summary>
    public static void Elu<T>(ReadOnlySpan<T> x, Span<T> dest, Span<T> work) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Min(x, T.Zero, work);
        TensorPrimitives.ExpM1(work, work);
        SpanMath.WherePositive(x, x, work, dest);
    }

    // softplus with libtorch's defaults (beta 1, threshold 20): x above 20, log(1 + exp(x)) below
    private static void Softplus<T>(ReadOnlySpan<T> x, Span<T> dest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T threshold = T.CreateTruncating(20);
        for (int i = 0; i < x.Length; i++) dest[i] = x[i] > threshold ? x[i] : T.LogP1(T.Exp(x[i]));
    }

    private static void SoftplusSlope<T>(ReadOnlySpan<T> x, Span<T> dest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Sigmoid(x, dest);
        T threshold = T.CreateTruncating(20);
        for (int i = 0; i < x.Length; i++) if (x[i] > threshold) dest[i] = T.One;
    }
}
