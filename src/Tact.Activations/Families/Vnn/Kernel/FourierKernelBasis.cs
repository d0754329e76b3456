using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tact.Activations.Kernels;

/// <summary>
/// Fourier terms sin(k omega x), cos(k omega x) for k = 1..K, then x and 1 if asked, in registers: one sin and cos
/// from one range reduction (<see cref="VectorMath.SinCos{T}(Vector{T})"/>), the double angle, then the
/// angle-addition recurrence by steps of two angles, the odd and the even multiples in two independent chains (half
/// the latency of one chain, which bounds the loop), each term combined with its weight as soon as it is made.
/// Backward recomputes the terms the same way; the slope of sin(k omega x) is k omega cos(k omega x) and of cos,
/// -k omega sin.
/// </summary>
internal sealed class FourierKernelBasis(int terms, double omega, bool linear, bool constant) : PointwiseBasis
{
    public override int Count => 2 * terms + (linear ? 1 : 0) + (constant ? 1 : 0);

    public override int ScratchLength(int block, bool backward) => 0;

    public override void Forward<T>(in Segment<T> s, Span<T> y, Span<T> scratch)
    {
        var form = new FourierForm<T>(T.CreateTruncating(omega), terms, linear, constant);
        if (SmallAngles(s.X)) FourierLoop<T, SmallAngles>.Forward(s, y, form);
        else FourierLoop<T, AnyAngles>.Forward(s, y, form);
    }

    public override void Backward<T>(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx, Span<T> scratch)
    {
        var form = new FourierForm<T>(T.CreateTruncating(omega), terms, linear, constant);
        if (SmallAngles(s.X)) FourierLoop<T, SmallAngles>.Backward(s, g, gx, form);
        else FourierLoop<T, AnyAngles>.Backward(s, g, gx, form);
    }

    // Whether every angle omega x of the segment is within the fast sin/cos's range (false with NaN).
    private bool SmallAngles<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateTruncating(T.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(x))) * Math.Abs(omega) <
            VectorMath.SmallAngle;
}

/// <summary>
/// The shape of a Fourier basis, in the element type: omega, the number of frequencies, the extra terms.
/// </summary>
internal readonly record struct FourierForm<T>(T Omega, int Terms, bool Linear, bool Constant);

/// <summary>
/// sin and cos of a vector of angles, with or without the test for angles too large for the polynomials.
/// </summary>
internal interface IAngles
{
    /// <summary>sin and cos of every lane.</summary>
    static abstract (Vector<T> Sin, Vector<T> Cos) SinCos<T>(Vector<T> x) where T : unmanaged;
}

/// <summary>Angles of any size.</summary>
internal struct AnyAngles : IAngles
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> Sin, Vector<T> Cos) SinCos<T>(Vector<T> x) where T : unmanaged => VectorMath.SinCos(x);
}

/// <summary>Angles checked to be below <see cref="VectorMath.SmallAngle"/>.</summary>
internal struct SmallAngles : IAngles
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> Sin, Vector<T> Cos) SinCos<T>(Vector<T> x) where T : unmanaged =>
        VectorMath.SinCosOfSmall(x);
}

/// <summary>The loops of <see cref="FourierKernelBasis"/>, compiled per element type and angle range.</summary>
internal static class FourierLoop<T, TAngles>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TAngles : struct, IAngles
{
    private static int Width => Vector<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Forward(in Segment<T> s, Span<T> y, FourierForm<T> form)
    {
        ref T x0 = ref MemoryMarshal.GetReference(s.X);
        ref T y0 = ref MemoryMarshal.GetReference(y);
        ref T w0 = ref MemoryMarshal.GetReference(s.W(0));
        nuint stride = (nuint)s.Stride;
        var omega = new Vector<T>(form.Omega);
        for (int i = 0; i < s.Length; i += Width)
        {
            ref T w = ref Unsafe.Add(ref w0, i);     // the weight of row k at w + k * stride
            var x = Vector.LoadUnsafe(ref x0, (nuint)i);
            var (sin1, cos1) = TAngles.SinCos(x * omega);
            var (sin2, cos2) = DoubleAngle(sin1, cos1);
            var (sinOdd, cosOdd, sinEven, cosEven) = (sin1, cos1, sin2, cos2);
            var odd = Vector<T>.Zero;
            var even = Vector<T>.Zero;
            nuint row = 0;
            for (int k = 1; k <= form.Terms; k += 2, row += 4 * stride)
            {
                odd += Vector.LoadUnsafe(ref w, row) * sinOdd + Vector.LoadUnsafe(ref w, row + stride) * cosOdd;
                if (k == form.Terms) break;
                even += Vector.LoadUnsafe(ref w, row + 2 * stride) * sinEven +
                    Vector.LoadUnsafe(ref w, row + 3 * stride) * cosEven;
                (sinOdd, cosOdd) = AddAngle(sinOdd, cosOdd, sin2, cos2);
                (sinEven, cosEven) = AddAngle(sinEven, cosEven, sin2, cos2);
            }
            row = 2 * (nuint)form.Terms * stride;
            if (form.Linear)
            {
                odd += Vector.LoadUnsafe(ref w, row) * x;
                row += stride;
            }
            if (form.Constant) odd += Vector.LoadUnsafe(ref w, row);
            (odd + even).StoreUnsafe(ref y0, (nuint)i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Backward(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx, FourierForm<T> form)
    {
        ref T x0 = ref MemoryMarshal.GetReference(s.X);
        ref T g0 = ref MemoryMarshal.GetReference(g);
        ref T gx0 = ref MemoryMarshal.GetReference(gx);
        ref T w0 = ref MemoryMarshal.GetReference(s.W(0));
        ref T sum0 = ref MemoryMarshal.GetReference(s.SumW(0));
        nuint stride = (nuint)s.Stride;
        var omega = new Vector<T>(form.Omega);
        for (int i = 0; i < s.Length; i += Width)
        {
            ref T w = ref Unsafe.Add(ref w0, i);
            ref T sum = ref Unsafe.Add(ref sum0, i);
            var x = Vector.LoadUnsafe(ref x0, (nuint)i);
            var gi = Vector.LoadUnsafe(ref g0, (nuint)i);
            var (sin1, cos1) = TAngles.SinCos(x * omega);
            var (sin2, cos2) = DoubleAngle(sin1, cos1);
            var (sinOdd, cosOdd, sinEven, cosEven) = (sin1, cos1, sin2, cos2);
            // The slope sum_k k omega (a_k cos - b_k sin), accumulated as sum_k k (...) and scaled by omega at the end.
            var odd = Vector<T>.Zero;
            var even = Vector<T>.Zero;
            var frequency = Vector<T>.One;
            var two = Vector<T>.One + Vector<T>.One;
            nuint row = 0;
            for (int k = 1; k <= form.Terms; k += 2, row += 4 * stride)
            {
                odd += frequency *
                    (Vector.LoadUnsafe(ref w, row) * cosOdd - Vector.LoadUnsafe(ref w, row + stride) * sinOdd);
                Lanes.AddInto(ref sum, row, gi * sinOdd);
                Lanes.AddInto(ref sum, row + stride, gi * cosOdd);
                if (k == form.Terms) break;
                even += (frequency + Vector<T>.One) *
                    (Vector.LoadUnsafe(ref w, row + 2 * stride) * cosEven -
                        Vector.LoadUnsafe(ref w, row + 3 * stride) * sinEven);
                Lanes.AddInto(ref sum, row + 2 * stride, gi * sinEven);
                Lanes.AddInto(ref sum, row + 3 * stride, gi * cosEven);
                frequency += two;
                (sinOdd, cosOdd) = AddAngle(sinOdd, cosOdd, sin2, cos2);
                (sinEven, cosEven) = AddAngle(sinEven, cosEven, sin2, cos2);
            }
            var slope = (odd + even) * omega;
            row = 2 * (nuint)form.Terms * stride;
            if (form.Linear)
            {
                slope += Vector.LoadUnsafe(ref w, row);
                Lanes.AddInto(ref sum, row, gi * x);
                row += stride;
            }
            if (form.Constant) Lanes.AddInto(ref sum, row, gi);
            (gi * slope).StoreUnsafe(ref gx0, (nuint)i);
        }
    }

    // sin(2a) = 2 sin(a) cos(a), cos(2a) = cos^2(a) - sin^2(a)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<T> Sin, Vector<T> Cos) DoubleAngle(Vector<T> sin, Vector<T> cos)
    {
        var sc = sin * cos;
        return (sc + sc, cos * cos - sin * sin);
    }

    // sin(a + b) = sin(a) cos(b) + cos(a) sin(b), cos(a + b) = cos(a) cos(b) - sin(a) sin(b)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<T> Sin, Vector<T> Cos) AddAngle(Vector<T> sin, Vector<T> cos, Vector<T> sinB,
        Vector<T> cosB) =>
        (sin * cosB + cos * sinB, cos * cosB - sin * sinB);
}
