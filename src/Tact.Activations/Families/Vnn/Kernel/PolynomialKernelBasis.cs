using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tact.Activations.Kernels;

/// <summary>
/// Polynomials P_0..P_d of u = clamp(x, -1, 1) or tanh(x), in registers. Every family's three-term recurrence has the
/// form P_(m+1) = (A_m u P_m - B_m P_(m-1)) C_m (power: 1, 0, 1; Chebyshev: 2, 1, 1; Legendre: 2m+1, m, 1/(m+1)),
/// and differentiating it gives the slopes in u, P'_(m+1) = (A_m (P_m + u P'_m) - B_m P'_(m-1)) C_m, so one loop
/// serves all three with a table of coefficients; the slope in x is that times du/dx.
/// </summary>
internal sealed class PolynomialKernelBasis(PolynomialKind kind, int degree, bool clamp) : PointwiseBasis
{
    public override int Count => degree + 1;

    public override int ScratchLength(int block, bool backward) => 0;

    public override void Forward<T>(in Segment<T> s, Span<T> y, Span<T> scratch)
    {
        Span<T> table = stackalloc T[3 * Math.Max(1, degree)];
        var recurrence = Recurrence(table);
        if (clamp) PolynomialLoop<T, ClampSquash>.Forward(s, y, recurrence);
        else PolynomialLoop<T, TanhSquash>.Forward(s, y, recurrence);
    }

    public override void Backward<T>(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx, Span<T> scratch)
    {
        Span<T> table = stackalloc T[3 * Math.Max(1, degree)];
        var recurrence = Recurrence(table);
        if (clamp) PolynomialLoop<T, ClampSquash>.Backward(s, g, gx, recurrence);
        else PolynomialLoop<T, TanhSquash>.Backward(s, g, gx, recurrence);
    }

    // A_m, B_m, C_m for m = 1..degree-1, in rows of the table.
    private Recurrence<T> Recurrence<T>(Span<T> table) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = Math.Max(1, degree);
        for (int m = 1; m < degree; m++)
        {
            (double a, double b, double c) = kind switch
            {
                PolynomialKind.Chebyshev => (2.0, 1.0, 1.0),
                PolynomialKind.Legendre => (2.0 * m + 1, m, 1.0 / (m + 1)),
                _ => (1.0, 0.0, 1.0),
            };
            (table[m], table[rows + m], table[2 * rows + m]) =
                (T.CreateTruncating(a), T.CreateTruncating(b), T.CreateTruncating(c));
        }
        return new Recurrence<T>(degree, table[..rows], table.Slice(rows, rows), table.Slice(2 * rows, rows));
    }
}

/// <summary>
/// The degree and the coefficients A_m, B_m, C_m of a three-term recurrence (index m; entry 0 unused).
/// </summary>
internal readonly ref struct Recurrence<T>(int degree, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c)
{
    public int Degree { get; } = degree;

    public ReadOnlySpan<T> A { get; } = a;

    public ReadOnlySpan<T> B { get; } = b;

    public ReadOnlySpan<T> C { get; } = c;
}

/// <summary>The fixed squash u(x) of a polynomial basis and du/dx.</summary>
internal interface ISquash
{
    /// <summary>u and du/dx.</summary>
    static abstract (Vector<T> U, Vector<T> Slope) Of<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>u = clamp(x, -1, 1), NaN kept; du/dx = 1 on [-1, 1], bounds included as clamp's backward has it.</summary>
internal struct ClampSquash : ISquash
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> U, Vector<T> Slope) Of<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var one = Vector<T>.One;
        var below = Vector.LessThan(x, -one);
        var above = Vector.GreaterThan(x, one);
        var u = Vector.ConditionalSelect(below, -one, Vector.ConditionalSelect(above, one, x));
        var inside = Vector.GreaterThanOrEqual(x, -one) & Vector.LessThanOrEqual(x, one);
        return (u, Vector.ConditionalSelect(inside, one, Vector<T>.Zero));
    }
}

/// <summary>u = tanh(x); du/dx = 1 - tanh^2, from <see cref="Lanes.SigmoidTanh{T}"/>.</summary>
internal struct TanhSquash : ISquash
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> U, Vector<T> Slope) Of<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, _, tanh, slope) = Lanes.SigmoidTanh(x);
        return (tanh, slope);
    }
}

/// <summary>The loops of <see cref="PolynomialKernelBasis"/>, compiled per element type and squash.</summary>
internal static class PolynomialLoop<T, TSquash>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TSquash : struct, ISquash
{
    private static int Width => Vector<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Forward(in Segment<T> s, Span<T> y, Recurrence<T> r)
    {
        ref T x0 = ref MemoryMarshal.GetReference(s.X);
        ref T y0 = ref MemoryMarshal.GetReference(y);
        ref T w0 = ref MemoryMarshal.GetReference(s.W(0));
        nuint stride = (nuint)s.Stride;
        for (int i = 0; i < s.Length; i += Width)
        {
            ref T w = ref Unsafe.Add(ref w0, i);     // the weight of P_m at w + m * stride
            var (u, _) = TSquash.Of(Vector.LoadUnsafe(ref x0, (nuint)i));
            var sum = Vector.LoadUnsafe(ref w);
            if (r.Degree > 0)
            {
                var (before, current) = (Vector<T>.One, u);
                sum += Vector.LoadUnsafe(ref w, stride) * u;
                for (int m = 1; m < r.Degree; m++)
                {
                    var next = (new Vector<T>(r.A[m]) * u * current - new Vector<T>(r.B[m]) * before) *
                        new Vector<T>(r.C[m]);
                    sum += Vector.LoadUnsafe(ref w, (nuint)(m + 1) * stride) * next;
                    (before, current) = (current, next);
                }
            }
            sum.StoreUnsafe(ref y0, (nuint)i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Backward(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx, Recurrence<T> r)
    {
        ref T x0 = ref MemoryMarshal.GetReference(s.X);
        ref T g0 = ref MemoryMarshal.GetReference(g);
        ref T gx0 = ref MemoryMarshal.GetReference(gx);
        ref T w0 = ref MemoryMarshal.GetReference(s.W(0));
        ref T sum0 = ref MemoryMarshal.GetReference(s.SumW(0));
        nuint stride = (nuint)s.Stride;
        for (int i = 0; i < s.Length; i += Width)
        {
            ref T w = ref Unsafe.Add(ref w0, i);
            ref T sum = ref Unsafe.Add(ref sum0, i);
            var gi = Vector.LoadUnsafe(ref g0, (nuint)i);
            var (u, du) = TSquash.Of(Vector.LoadUnsafe(ref x0, (nuint)i));
            Lanes.AddInto(ref sum, 0, gi);                                   // P_0 = 1
            var slope = Vector<T>.Zero;                                // sum_m w_m P'_m(u)
            if (r.Degree > 0)
            {
                var (before, current) = (Vector<T>.One, u);
                var (slopeBefore, slopeCurrent) = (Vector<T>.Zero, Vector<T>.One);
                slope = Vector.LoadUnsafe(ref w, stride);
                Lanes.AddInto(ref sum, stride, gi * u);
                for (int m = 1; m < r.Degree; m++)
                {
                    var (a, b, c) = (new Vector<T>(r.A[m]), new Vector<T>(r.B[m]), new Vector<T>(r.C[m]));
                    var next = (a * u * current - b * before) * c;
                    var slopeNext = (a * (current + u * slopeCurrent) - b * slopeBefore) * c;
                    nuint row = (nuint)(m + 1) * stride;
                    slope += Vector.LoadUnsafe(ref w, row) * slopeNext;
                    Lanes.AddInto(ref sum, row, gi * next);
                    (before, current, slopeBefore, slopeCurrent) = (current, next, slopeCurrent, slopeNext);
                }
            }
            (gi * slope * du).StoreUnsafe(ref gx0, (nuint)i);
        }
    }
}
