using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tact.Activations.Kernels;

/// <summary>
/// The transcendental functions of the register kernels, a <see cref="Vector{T}"/> at a time: sin and cos from one
/// range reduction (Fourier terms), exp(-a) with 1 - exp(-a) (sigmoid, tanh and the ELU terms). In float32 they are
/// our own, a few ulp from the exact values (.NET's vectorised Sin plus Cos cost about four times as much here, and
/// its Exp works in double); in float64 they are .NET's, at full precision, where the 1e-10 agreement tests need it.
/// </summary>
internal static class VectorMath
{
    /// <summary>sin(x) and cos(x) from one range reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> Sin, Vector<T> Cos) SinCos<T>(Vector<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var (s, c) = SinCos(x.As<T, float>());
            return (s.As<float, T>(), c.As<float, T>());
        }
        if (typeof(T) == typeof(double))
        {
            var d = x.As<T, double>();
            return (Vector.Sin(d).As<double, T>(), Vector.Cos(d).As<double, T>());
        }
        throw new NotSupportedException(typeof(T).Name);
    }

    /// <summary>
    /// sin(x) and cos(x) for |x| &lt; 8192, which the caller has checked: in float32 the polynomials alone, without the
    /// test for large arguments and the call it may make (a call in a loop makes the JIT keep the loop's vectors on
    /// the stack); in float64 the same as <see cref="SinCos{T}(Vector{T})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> Sin, Vector<T> Cos) SinCosOfSmall<T>(Vector<T> x) where T : unmanaged
    {
        if (typeof(T) != typeof(float)) return SinCos(x);
        var (s, c) = SinCosReduced(x.As<T, float>());
        return (s.As<float, T>(), c.As<float, T>());
    }

    /// <summary>The largest |x| that <see cref="SinCosOfSmall{T}"/> takes.</summary>
    public const float SmallAngle = 8192f;

    /// <summary>
    /// e = exp(-a) and d = 1 - exp(-a) for a &gt;= 0, NaN kept. In float32 our own: Cephes' expf reduction
    /// -a = n ln2 + r with |r| &lt;= ln2 / 2 and its polynomial for m = exp(r) - 1; with s = 2^n from the exponent
    /// bits, e = s + s m and d = (1 - s) - s m. Where n = 0 (a &lt; 0.35) d is -m and keeps its relative precision
    /// near 0, where 1 - e would cancel; elsewhere 1 - s &gt;= 1/2 and nothing cancels. Both are within a few ulp of
    /// the exact values; e is 0 for a &gt; <see cref="FlushAbove"/> (an absolute error below 5e-18): smaller values,
    /// their squares and their products with the weights would be subnormal floats, whose arithmetic is slow
    /// (docs/performance.md). In float64 .NET's exp, and below a = 0.01 the Taylor series of d (within 2e-14
    /// relative).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> E, Vector<T> D) ExpDecay<T>(Vector<T> a) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var (e, d) = ExpDecay(a.As<T, float>());
            return (e.As<float, T>(), d.As<float, T>());
        }
        if (typeof(T) == typeof(double))
        {
            var (e, d) = ExpDecay(a.As<T, double>());
            return (e.As<double, T>(), d.As<double, T>());
        }
        throw new NotSupportedException(typeof(T).Name);
    }

    /// <summary>The a above which the float32 <see cref="ExpDecay{T}"/> gives e = 0 and d = 1.</summary>
    public const float FlushAbove = 40f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<float> E, Vector<float> D) ExpDecay(Vector<float> a)
    {
        var low = new Vector<float>(-FlushAbove);
        var x = -a;
        var underflow = Vector.LessThan(x, low);        // a select, not Max, so that NaN passes through
        x = Vector.ConditionalSelect(underflow, low, x);
        // Adding 1.5 * 2^23 rounds x log2(e) to the integer n and leaves n in the low bits of t.
        var magic = new Vector<float>(12582912f);
        var t = Vector.FusedMultiplyAdd(x, new Vector<float>(1.44269504088896341f), magic);
        var n = t - magic;
        var r = Vector.FusedMultiplyAdd(n, new Vector<float>(-0.693359375f), x);
        r = Vector.FusedMultiplyAdd(n, new Vector<float>(2.12194440e-4f), r);
        var p = new Vector<float>(1.9875691500e-4f);
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.3981999507e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(8.3334519073e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(4.1665795894e-2f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.6666665459e-1f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(5.0000001201e-1f));
        var m = Vector.FusedMultiplyAdd(p, r * r, r);
        // 2^n: move n + 127 from t's low bits into the exponent field.
        var s = Vector.ShiftLeft(t.As<float, int>() - new Vector<int>(0x4B400000 - 127), 23).As<int, float>();
        var sm = s * m;
        var e = Vector.ConditionalSelect(underflow, Vector<float>.Zero, s + sm);
        var d = Vector.ConditionalSelect(underflow, Vector<float>.One, Vector<float>.One - s - sm);
        return (e, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<double> E, Vector<double> D) ExpDecay(Vector<double> a)
    {
        var e = Vector.Exp(-a);
        // a (1 - a/2 (1 - a/3 (1 - ... a/9))) by Horner's rule
        var p = new Vector<double>(1.0 / 362880);
        p = Vector.FusedMultiplyAdd(p, a, new Vector<double>(-1.0 / 40320));
        p = Vector.FusedMultiplyAdd(p, a, new Vector<double>(1.0 / 5040));
        p = Vector.FusedMultiplyAdd(p, a, new Vector<double>(-1.0 / 720));
        p = Vector.FusedMultiplyAdd(p, a, new Vector<double>(1.0 / 120));
        p = Vector.FusedMultiplyAdd(p, a, new Vector<double>(-1.0 / 24));
        p = Vector.FusedMultiplyAdd(p, a, new Vector<double>(1.0 / 6));
        p = Vector.FusedMultiplyAdd(p, a, new Vector<double>(-0.5));
        p = Vector.FusedMultiplyAdd(p, a, Vector<double>.One) * a;
        return (e, Vector.ConditionalSelect(Vector.LessThan(a, new Vector<double>(0.01)), p, Vector<double>.One - e));
    }

    // Cephes sinf/cosf: q = round(x 2/pi), r = x - q pi/2 in three parts (exact products for |q| < 2^15), a
    // polynomial for each on [-pi/4, pi/4], then swapped and signed by the quadrant q mod 4. Beyond |x| = 8192 the
    // reduction loses accuracy and .NET's own functions take the vector.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<float> Sin, Vector<float> Cos) SinCos(Vector<float> x)
    {
        if (Vector.GreaterThanAny(Vector.Abs(x), new Vector<float>(SmallAngle))) return (Vector.Sin(x), Vector.Cos(x));
        return SinCosReduced(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<float> Sin, Vector<float> Cos) SinCosReduced(Vector<float> x)
    {
        var q = RoundToInteger(x * new Vector<float>(0.636619772367581343f));
        var r = Vector.FusedMultiplyAdd(q, new Vector<float>(-1.5703125f), x);
        r = Vector.FusedMultiplyAdd(q, new Vector<float>(-4.837512969970703125e-4f), r);
        r = Vector.FusedMultiplyAdd(q, new Vector<float>(-7.54978995489188216e-8f), r);
        var z = r * r;
        var s = new Vector<float>(-1.9515295891e-4f);
        s = Vector.FusedMultiplyAdd(s, z, new Vector<float>(8.3321608736e-3f));
        s = Vector.FusedMultiplyAdd(s, z, new Vector<float>(-1.6666654611e-1f));
        s = Vector.FusedMultiplyAdd(s * z, r, r);
        var c = new Vector<float>(2.443315711809948e-5f);
        c = Vector.FusedMultiplyAdd(c, z, new Vector<float>(-1.388731625493765e-3f));
        c = Vector.FusedMultiplyAdd(c, z, new Vector<float>(4.166664568298827e-2f));
        c = Vector.FusedMultiplyAdd(c * z, z, Vector.FusedMultiplyAdd(z, new Vector<float>(-0.5f), Vector<float>.One));
        var quadrant = Vector.ConvertToInt32(q);
        var swap = Vector.Equals(quadrant & Vector<int>.One, Vector<int>.One).As<int, float>();
        var sin = Vector.ConditionalSelect(swap, c, s);
        var cos = Vector.ConditionalSelect(swap, s, c);
        var two = new Vector<int>(2);
        var sinSign = Vector.ShiftLeft(quadrant & two, 30).As<int, float>();
        var cosSign = Vector.ShiftLeft((quadrant + Vector<int>.One) & two, 30).As<int, float>();
        return (Vector.Xor(sin, sinSign), Vector.Xor(cos, cosSign));
    }

    // Round to nearest by adding and subtracting 1.5 * 2^23
    // (exact for |x| < 2^22; SinCos sends larger arguments to .NET).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> RoundToInteger(Vector<float> x)
    {
        var magic = new Vector<float>(12582912f);
        return x + magic - magic;
    }
}
