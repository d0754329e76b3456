using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tact.Activations.Kernels;

/// <summary>
/// Gaussian bumps exp(-t_j^2), t_j = (x - c_j) / width (a multiply by 1 / width), in registers: one exp per centre
/// (<see cref="VectorMath.ExpDecay{T}"/>), combined with its weight at once; the slope of a bump is
/// -2 t_j / width times the bump.
/// </summary>
internal sealed class GaussianKernelBasis(double[] centers, double width) : PointwiseBasis
{
    public override int Count => centers.Length;

    public override int ScratchLength(int block, bool backward) => 0;

    public override void Forward<T>(in Segment<T> s, Span<T> y, Span<T> scratch)
    {
        Span<T> c = stackalloc T[centers.Length];
        GaussianLoop<T>.Forward(s, y, Centers(c), T.CreateTruncating(1 / width));
    }

    public override void Backward<T>(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx, Span<T> scratch)
    {
        Span<T> c = stackalloc T[centers.Length];
        GaussianLoop<T>.Backward(s, g, gx, Centers(c), T.CreateTruncating(1 / width));
    }

    private ReadOnlySpan<T> Centers<T>(Span<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < centers.Length; j++) c[j] = T.CreateTruncating(centers[j]);
        return c;
    }
}

/// <summary>The loops of <see cref="GaussianKernelBasis"/>, compiled per element type.</summary>
internal static class GaussianLoop<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static int Width => Vector<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Forward(in Segment<T> s, Span<T> y, ReadOnlySpan<T> centers, T inverseWidth)
    {
        ref T x0 = ref MemoryMarshal.GetReference(s.X);
        ref T y0 = ref MemoryMarshal.GetReference(y);
        ref T w0 = ref MemoryMarshal.GetReference(s.W(0));
        nuint stride = (nuint)s.Stride;
        var scale = new Vector<T>(inverseWidth);
        for (int i = 0; i < s.Length; i += Width)
        {
            ref T w = ref Unsafe.Add(ref w0, i);
            var x = Vector.LoadUnsafe(ref x0, (nuint)i);
            var sum = Vector<T>.Zero;
            for (int j = 0; j < centers.Length; j++)
            {
                var t = (x - new Vector<T>(centers[j])) * scale;
                sum += Vector.LoadUnsafe(ref w, (nuint)j * stride) * VectorMath.ExpDecay(t * t).E;
            }
            sum.StoreUnsafe(ref y0, (nuint)i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Backward(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx, ReadOnlySpan<T> centers, T inverseWidth)
    {
        ref T x0 = ref MemoryMarshal.GetReference(s.X);
        ref T g0 = ref MemoryMarshal.GetReference(g);
        ref T gx0 = ref MemoryMarshal.GetReference(gx);
        ref T w0 = ref MemoryMarshal.GetReference(s.W(0));
        ref T sum0 = ref MemoryMarshal.GetReference(s.SumW(0));
        nuint stride = (nuint)s.Stride;
        var scale = new Vector<T>(inverseWidth);
        for (int i = 0; i < s.Length; i += Width)
        {
            ref T w = ref Unsafe.Add(ref w0, i);
            ref T sum = ref Unsafe.Add(ref sum0, i);
            var x = Vector.LoadUnsafe(ref x0, (nuint)i);
            var gi = Vector.LoadUnsafe(ref g0, (nuint)i);
            var slope = Vector<T>.Zero;                      // sum_j w_j t_j bump_j; times -2 / width at the end
            for (int j = 0; j < centers.Length; j++)
            {
                nuint row = (nuint)j * stride;
                var t = (x - new Vector<T>(centers[j])) * scale;
                var bump = VectorMath.ExpDecay(t * t).E;
                slope += Vector.LoadUnsafe(ref w, row) * t * bump;
                Lanes.AddInto(ref sum, row, gi * bump);
            }
            var minusTwo = -(Vector<T>.One + Vector<T>.One);
            (gi * slope * minusTwo * scale).StoreUnsafe(ref gx0, (nuint)i);
        }
    }
}
